package org.presencegw.sip.publish;

import java.nio.charset.StandardCharsets;

/** PIDF documents from the RFCs, as test fixtures. */
final class PidfExamples {

    /** RFC 3863 section 6 (the "bs35r9"/"eg92n8" example, with its im and myex extensions). */
    static final String RFC3863 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <impp:presence xmlns:impp="urn:ietf:params:xml:ns:pidf"
                xmlns:myex="http://id.example.com/presence/"
                entity="pres:someone@example.com">
              <impp:tuple id="bs35r9">
                <impp:status>
                  <impp:basic>open</impp:basic>
                  <myex:location>home</myex:location>
                </impp:status>
                <myex:mobility>mobile</myex:mobility>
                <impp:contact priority="0.8">im:someone@mobilecarrier.net</impp:contact>
                <impp:note xml:lang="en">Don't Disturb Please!</impp:note>
                <impp:note xml:lang="fr">Ne derangez pas, s'il vous plait</impp:note>
                <impp:timestamp>2001-10-27T16:49:29Z</impp:timestamp>
              </impp:tuple>
              <impp:tuple id="eg92n8">
                <impp:status>
                  <impp:basic>open</impp:basic>
                </impp:status>
                <impp:contact priority="1.0">mailto:someone@example.com</impp:contact>
              </impp:tuple>
              <impp:note>I'll be in Tokyo next week</impp:note>
            </impp:presence>
            """;

    /** RFC 4480 section 4 (RPID example, trimmed of nothing we read). */
    static final String RFC4480 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf"
                 xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                 xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"
                 xmlns:lt="urn:ietf:params:xml:ns:location-type"
                 entity="pres:someone@example.com">
               <tuple id="bs35r9">
                 <status>
                   <basic>open</basic>
                 </status>
                 <dm:deviceID>urn:device:0003ba4811e3</dm:deviceID>
                 <rpid:relationship><rpid:self/></rpid:relationship>
                 <rpid:service-class><rpid:electronic/></rpid:service-class>
                 <contact priority="0.8">im:someone@mobilecarrier.net</contact>
                 <note xml:lang="en">Don't Disturb Please!</note>
                 <note xml:lang="fr">Ne derangez pas, s'il vous plait</note>
                 <timestamp>2005-10-27T16:49:29Z</timestamp>
               </tuple>
               <dm:person id="p1">
                 <rpid:activities from="2005-05-30T12:00:00+05:00" until="2005-05-30T17:00:00+05:00">
                   <rpid:note>Far away</rpid:note>
                   <rpid:away/>
                 </rpid:activities>
                 <rpid:class>calendar</rpid:class>
                 <rpid:mood>
                   <rpid:angry/>
                   <rpid:other>brooding</rpid:other>
                 </rpid:mood>
                 <rpid:place-is>
                   <rpid:audio>
                     <rpid:noisy/>
                   </rpid:audio>
                 </rpid:place-is>
                 <rpid:place-type><lt:residence/></rpid:place-type>
                 <rpid:privacy><rpid:unknown/></rpid:privacy>
                 <rpid:sphere>bowling league</rpid:sphere>
                 <rpid:status-icon>http://example.com/mail.png</rpid:status-icon>
                 <rpid:time-offset>-240</rpid:time-offset>
                 <rpid:user-input idle-threshold="600"
                    last-input="2004-10-21T13:20:00.000-05:00">idle</rpid:user-input>
               </dm:person>
               <dm:device id="pc147">
                 <rpid:user-input idle-threshold="600"
                    last-input="2004-10-21T13:20:00.000-05:00">idle</rpid:user-input>
                 <dm:deviceID>urn:device:0003ba4811e3</dm:deviceID>
                 <dm:note>PC</dm:note>
               </dm:device>
            </presence>
            """;

    private PidfExamples() {
    }

    static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** A minimal valid document whose single tuple's inside is {@code tupleBody}. */
    static byte[] withTuple(String tupleBody) {
        return bytes("<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:bob@reg.example'>"
                + "<tuple id='t1'>" + tupleBody + "</tuple></presence>");
    }
}
