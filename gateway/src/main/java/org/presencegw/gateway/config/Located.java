package org.presencegw.gateway.config;

import java.util.Objects;

/** A parsed value and the (1-based) line it came from, for errors that name two lines. */
record Located<T>(T value, int line) {
    Located {
        Objects.requireNonNull(value, "value");
    }
}
