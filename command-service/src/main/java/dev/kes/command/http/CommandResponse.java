package dev.kes.command.http;

/** The JSON body of an accepted command; money as a string so that no client rounds it. */
public record CommandResponse(String accountId, long version, String balance, String commandId, String position) {}
