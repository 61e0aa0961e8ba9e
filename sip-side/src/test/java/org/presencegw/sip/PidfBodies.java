package org.presencegw.sip;

/** PIDF bodies for PUBLISH tests. */
final class PidfBodies {

    private PidfBodies() {
    }

    /** One open tuple. */
    static String open(String user) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:%s@reg.example">
                  <tuple id="pub1"><status><basic>open</basic></status></tuple>
                </presence>
                """.formatted(user);
    }

    /** RFC 4480 busy with a person note (CONFORMANCE PUB-11). */
    static String busy(String user, String note) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <presence xmlns="urn:ietf:params:xml:ns:pidf"
                    xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                    xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:%s@reg.example">
                  <tuple id="pub1"><status><basic>open</basic></status></tuple>
                  <dm:person id="p1">
                    <rpid:activities><rpid:busy/></rpid:activities>
                    <dm:note>%s</dm:note>
                  </dm:person>
                </presence>
                """.formatted(user, note);
    }
}
