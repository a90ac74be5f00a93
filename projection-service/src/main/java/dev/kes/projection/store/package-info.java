/**
 * The projection's composite store keys and their byte encodings. RocksDB iterates keys in unsigned byte order;
 * these encodings make that order (accountId, time or version), so every query is a range scan of one account.
 */
package dev.kes.projection.store;
