package org.presencegw.gateway.store;

import java.sql.SQLException;

/** One-line messages from exceptions: the first line, whitespace collapsed, at most {@value #MAX} characters. Stateless. */
final class Messages {
    static final int MAX = 240;

    private Messages() {
    }

    /** The most telling message of {@code e}: for a batch, the database's own error rather than the batch's. */
    static String of(Throwable e) {
        Throwable best = e instanceof SQLException sql ? specific(sql) : e;
        String message = best.getMessage();
        if (message == null || message.isBlank()) {
            message = best.getCause() != null && best.getCause() != best ? of(best.getCause())
                    : best.getClass().getSimpleName();
        }
        return firstLine(message);
    }

    /** The exception that carries the database's error: JDBC batches hide it in the next-exception chain. */
    static SQLException specific(SQLException e) {
        SQLException best = e;
        for (SQLException next = e.getNextException(); next != null && next != best;
             next = next.getNextException()) {
            if (next.getSQLState() != null || next.getErrorCode() != 0) {
                return next;
            }
        }
        if (e.getCause() instanceof SQLException cause && e.getSQLState() == null && e.getErrorCode() == 0) {
            return specific(cause);
        }
        return best;
    }

    static String firstLine(String text) {
        String line = text.strip();
        int end = line.indexOf('\n');
        if (end >= 0) {
            line = line.substring(0, end);
        }
        line = line.replace('\r', ' ').replace('\t', ' ').strip();
        return line.length() <= MAX ? line : line.substring(0, MAX - 3) + "...";
    }
}
