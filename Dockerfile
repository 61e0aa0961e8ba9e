# The gateway as a container: build with Maven, run on a JRE.
#   docker build -t presence-gateway .
#   docker run --rm -v $PWD/docker/gateway.yml:/etc/presence-gateway/gateway.yml:ro -p 5060:5060/udp -p 5060:5060 presence-gateway
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
# .mvn/jvm.config opens javac to Error Prone, which the compile runs.
COPY .mvn .mvn
COPY sip-side sip-side
COPY xmpp-side xmpp-side
COPY gateway gateway
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /nonexistent --shell /usr/sbin/nologin gateway \
 && mkdir -p /var/lib/presence-gateway && chown gateway /var/lib/presence-gateway
COPY --from=build /src/gateway/target/gateway.jar /opt/presence-gateway/gateway.jar
COPY scripts/gateway /opt/presence-gateway/bin/gateway
ENV GATEWAY_JAR=/opt/presence-gateway/gateway.jar
USER gateway
# The embedded store's default ./data lives here: mount a volume to keep subscriptions across container restarts.
WORKDIR /var/lib/presence-gateway
VOLUME /var/lib/presence-gateway
EXPOSE 5060/udp 5060/tcp
# JVM settings: see scripts/gateway (GATEWAY_HEAP, GATEWAY_GC, GATEWAY_THP, GATEWAY_PRETOUCH, GATEWAY_JAVA_OPTS)
ENTRYPOINT ["/opt/presence-gateway/bin/gateway"]
CMD ["--config", "/etc/presence-gateway/gateway.yml"]
