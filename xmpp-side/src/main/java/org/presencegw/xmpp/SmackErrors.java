package org.presencegw.xmpp;

import org.jivesoftware.smack.XMPPException;

/** Smack's exceptions as log text. */
final class SmackErrors {
    private SmackErrors() {
    }

    /** The exception and its root cause on one line, for a log line without a stack trace. */
    static String describe(Throwable e) {
        if (e instanceof XMPPException.StreamErrorException stream && stream.getStreamError() != null) {
            return "stream error " + stream.getStreamError().getCondition()
                    + (stream.getStreamError().getDescriptiveText() == null ? ""
                    : " (" + stream.getStreamError().getDescriptiveText() + ")");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
