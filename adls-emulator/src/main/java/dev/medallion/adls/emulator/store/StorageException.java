package dev.medallion.adls.emulator.store;

/**
 * A request the store refuses, with the HTTP status and the storage error code the ADLS Gen2 service answers in that
 * case (e.g. 404 {@code PathNotFound}, 409 {@code PathAlreadyExists}); the ABFS driver decides on the code.
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    public StorageException(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    static StorageException notFound(String code, String message) {
        return new StorageException(404, code, message);
    }

    static StorageException conflict(String code, String message) {
        return new StorageException(409, code, message);
    }

    static StorageException badRequest(String code, String message) {
        return new StorageException(400, code, message);
    }
}
