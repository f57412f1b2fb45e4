package dev.medallion.adls.emulator.fault;

/** The dfs REST operations the emulator serves, as faults and request counts name them. */
public enum Operation {
    CREATE_FILESYSTEM,
    GET_FILESYSTEM_PROPERTIES,
    SET_FILESYSTEM_PROPERTIES,
    DELETE_FILESYSTEM,
    LIST,
    CREATE_PATH,
    APPEND,
    FLUSH,
    READ,
    GET_PATH_STATUS,
    GET_ACCESS_CONTROL,
    SET_ACCESS_CONTROL,
    SET_PROPERTIES,
    RENAME,
    DELETE,
    /** The local OAuth token endpoint (client credentials). */
    TOKEN,
    /** Matches every operation when injecting a fault. */
    ANY
}
