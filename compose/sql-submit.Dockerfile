# Builds the streaming SQL runner from this repository and submits the pipeline to the compose Flink cluster.
FROM maven:3.9-eclipse-temurin-17
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl ksql -am package
ENTRYPOINT ["sh", "-c", "exec java -cp ksql/target/classes:$(cat ksql/target/classpath.txt) dev.medallion.sql.SqlJobRunner \"$@\"", "sql-submit"]
