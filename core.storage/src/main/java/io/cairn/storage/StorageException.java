package io.cairn.storage;

/** A storage operation failed: an I/O error, a corrupt structure, or a store that refuses work. */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
