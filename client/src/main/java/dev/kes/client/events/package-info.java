/**
 * Reading the events topic from an application: {@link dev.kes.client.events.EventSubscription} delivers typed,
 * upcasted events with their metadata and a {@link dev.kes.client.events.Position} to continue from.
 */
package dev.kes.client.events;
