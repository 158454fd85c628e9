package io.midreg.admin;

import tools.jackson.databind.json.JsonMapper;

/** The admin API's one JSON mapper (thread-safe once built). */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    static JsonMapper mapper() {
        return MAPPER;
    }
}
