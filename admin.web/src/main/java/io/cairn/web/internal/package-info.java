/**
 * Private implementation of Cairn Admin Web; never exported.
 * <p>No implementation yet.
 */
package io.cairn.web.internal;
