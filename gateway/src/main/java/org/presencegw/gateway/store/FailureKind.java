package org.presencegw.gateway.store;

/**
 * Why a commit failed, as far as the store can tell. Each kind is logged at most once per 30 s (see
 * {@link TroubleLog}). All kinds but {@link #REJECTED} mean the store itself is in trouble; {@link #QUEUE_FULL} is
 * overload and {@link #CLOSED} shutdown.
 */
public enum FailureKind {
    /** The database server cannot be reached, refused the login, or is shutting down. */
    UNAVAILABLE("database unavailable"),
    /** No space left on the device (SQLITE_FULL, PostgreSQL 53100). */
    DISK_FULL("disk full"),
    /** The file or database cannot be written (read-only file system or file, hot standby). */
    READ_ONLY("read-only"),
    /** Any other I/O error of the storage. */
    IO_ERROR("I/O error"),
    /** The database file or a page of it is damaged. */
    CORRUPT("database corrupt"),
    /** The store refused this commit's data (e.g. a NUL character for PostgreSQL); the store stays healthy. */
    REJECTED("change rejected"),
    /** Too many commits are waiting for the writer; back-pressure, the store stays healthy. */
    QUEUE_FULL("queue full"),
    /** The store was closed. */
    CLOSED("closed"),
    /** A failure the store could not classify; handled like store trouble. */
    OTHER("write failed");

    private final String label;

    FailureKind(String label) {
        this.label = label;
    }

    /** A few words for log lines and messages, e.g. {@code disk full}. */
    public String label() {
        return label;
    }

    /** True when the failure says the store cannot write (healthy turns false), not only this commit. */
    public boolean storeTrouble() {
        return this != REJECTED && this != QUEUE_FULL && this != CLOSED;
    }
}
