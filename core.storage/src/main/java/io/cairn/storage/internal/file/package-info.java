/**
 * The data file: its double-copy header and checksummed 8 KiB pages, growing in extents.
 * Private to the bundle; the byte layout is in FORMAT.md.
 */
package io.cairn.storage.internal.file;
