package dev.jconvex.execution;

/**
 * Who may call a function. Internal functions are reachable only by an admin caller and by other
 * functions; to anyone else they look exactly like a missing function (wire-protocol §1.6 (e)).
 */
public enum Visibility {
    PUBLIC,
    INTERNAL
}
