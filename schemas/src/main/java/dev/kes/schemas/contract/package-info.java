/**
 * What producers and the command service must agree on besides the schemas: the default topic names and the
 * fingerprint that tells a retried command from a reused commandId.
 */
package dev.kes.schemas.contract;
