package dev.medallion.serving;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Turns the command line (and the SERVING_TOKEN environment variable) into {@link ServingConfig} settings. The token
 * is read from a file or the environment, never from an argument, so it does not show in process listings.
 */
final class ServingOptions {
    static final String TOKEN_ENV = "SERVING_TOKEN";
    static final String USAGE = """
            Usage: serving.sh [options]
              --bootstrap-servers HOST:PORT   Kafka (default 127.0.0.1:9092)
              --lakehouse PATH|URI            lakehouse root (default ./lakehouse; abfss://... works)
              --port N                        HTTP port (default 8095; 0 = any free port)
              --bind ADDRESS                  HTTP bind address (default 127.0.0.1; others need a token)
              --token-file FILE               bearer token (first line); or set SERVING_TOKEN
              --hadoop-conf FILE              properties file of hadoop.* settings (e.g. ABFS credentials)
              --set KEY=VALUE                 any other setting (serving/README.md lists them)
            """;

    private ServingOptions() {
    }

    static Map<String, Object> parse(String[] args, Map<String, String> env) throws IOException {
        Map<String, Object> props = new HashMap<>();
        String envToken = env.get(TOKEN_ENV);
        if (envToken != null && !envToken.isBlank()) {
            props.put(ServingConfig.TOKEN_CONFIG, envToken.trim());
        }
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--bootstrap-servers" -> props.put(ServingConfig.BOOTSTRAP_SERVERS_CONFIG, value);
                case "--lakehouse" -> props.put(ServingConfig.LAKEHOUSE_CONFIG, value);
                case "--port" -> props.put(ServingConfig.PORT_CONFIG, value);
                case "--bind" -> props.put(ServingConfig.BIND_CONFIG, value);
                case "--token-file" -> props.put(ServingConfig.TOKEN_CONFIG, readToken(Path.of(value)));
                case "--hadoop-conf" -> {
                    Properties hadoop = new Properties();
                    try (Reader r = Files.newBufferedReader(Path.of(value), StandardCharsets.UTF_8)) {
                        hadoop.load(r);
                    }
                    hadoop.forEach((k, v) -> props.put("hadoop." + k, v));
                }
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set needs KEY=VALUE (was '" + value + "')");
                    }
                    props.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return props;
    }

    private static String readToken(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token file " + file + " is empty");
        }
        return token;
    }
}
