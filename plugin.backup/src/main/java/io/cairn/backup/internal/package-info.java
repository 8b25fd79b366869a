/**
 * Private implementation of Cairn Backup; never exported.
 * <p>No implementation yet.
 */
package io.cairn.backup.internal;
