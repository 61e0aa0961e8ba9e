package org.presencegw.sip.server;

import javax.sip.ClientTransaction;
import javax.sip.message.Response;

/** Outcomes of requests we sent (NOTIFYs), as the dispatcher sees them. */
public interface ClientEvents {
    void onResponse(ClientTransaction transaction, Response response);

    void onTimeout(ClientTransaction transaction);

    void onTransactionTerminated(ClientTransaction transaction);

    /** The stack could not send to or lost the connection to {@code host:port/transport}. */
    void onIoError(String host, int port, String transport);
}
