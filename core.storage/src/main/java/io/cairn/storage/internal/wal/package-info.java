/**
 * The write-ahead log: {@link io.cairn.storage.internal.wal.WriteAheadLog} appends
 * CRC32C-checked records addressed by LSN to segment files and makes them durable with group
 * commit; {@link io.cairn.storage.internal.wal.WalReader} replays them. The on-disk format, the
 * recovery rules and the failure policy are in core.storage/WAL-FORMAT.md. Private to the bundle.
 */
package io.cairn.storage.internal.wal;
