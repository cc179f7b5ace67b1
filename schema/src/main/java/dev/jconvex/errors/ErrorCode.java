package dev.jconvex.errors;

/**
 * Convex's short error codes: the machine-readable kind of a {@link ConvexException}.
 *
 * <p>Each constant is named exactly like the code Convex reports (e.g. {@code InvalidIdError}), so
 * {@link #shortCode()} is simply the constant's name. Add constants here as new error kinds appear;
 * keep this the project's one catalog of codes.
 */
public enum ErrorCode {
    /** A request body or wire value that is not valid convex_encoded_json (wire-protocol §3.1). */
    BadJsonBody,
    /** A JSON value that decodes, but not to a valid Convex value (values §1.1, §1.3). */
    InvalidConvexValue,
    /** A malformed document id, or an id that does not match the document (values §3.3, §4.3). */
    InvalidIdError,
    /** A document or value over the size limit (values §1.6). */
    ValueTooLargeError,
    /** An array over 8192 elements (values §1.6). */
    ArrayTooLong,
    /** An object over 1024 fields (values §1.6). */
    TooManyFieldsError,
    /** A value nested deeper than 64 levels (values §1.6). */
    TooNestedError,
    /** A document that breaks a document rule (values §3.3). */
    InvalidDocumentError,
    /** Function arguments that fail the args validator (values §5.5). */
    ArgumentValidationError,
    /** A return value that fails the returns validator (values §5.5). */
    ReturnsValidationError,
    /** A write that does not match the table's schema (values §5.6). */
    SchemaEnforcementError,
    /** A table, index or validator field name that is not a valid identifier (values §1.4). */
    InvalidIdentifier,
    /** A {@code v.record} whose key or value validator is not allowed (values §5.1). */
    InvalidRecordType,
    /** A NaN or infinite float in {@code v.literal} (values §5.1). */
    UnsupportedFloatLiteral,
    /** {@code _creationTime} listed in an index definition (values §6.1). */
    IndexFieldsContainCreationTime,
    /** {@code _id} listed in an index definition (values §6.1). */
    IndexFieldsContainId,
    /** An index field path that does not parse (values §6.1). */
    InvalidIndexField,
    /** A table name that is not an identifier (values §1.4). */
    InvalidTableName,
    /** A schema table name starting with {@code _} (values §1.4). */
    TableNameReserved,
    /** More than 64 indexes on a table (values §6.1). */
    TooManyIndexes,
    /** More than 16 index fields, {@code _creationTime} included (values §6.1). */
    IndexTooManyFields,
    /** A field listed twice in one index (values §6.1). */
    FieldsNotUniqueWithinIndex,
    /** An index without fields (values §6.1). */
    EmptyIndex,
    /** Two indexes of a table over the same fields (values §6.1). */
    IndexNotUnique,
    /** An index named {@code by_id}, {@code by_creation_time} or starting with {@code _} (values §6.1). */
    IndexNameReserved,
    /** Two indexes of a table with the same name (values §6.1). */
    IndexNamesNotUnique,
    /** A system field ({@code _…}) in an index (values §6.1). */
    IndexFieldNameReserved,
    // ---- storage and ctx.db (runtime package dev.jconvex.database)
    /** A JavaScript-side argument error of a {@code ctx.db} call (values §3.3, §6.5). */
    InvalidArgument,
    /** A patch, replace or delete of a document that does not exist (values §3.3). */
    NonexistentDocument,
    /** A {@code _creationTime} that does not match the assigned one (values §3.3). */
    InvalidCreationTimeError,
    /** A user write to a system table, or a system accessor on a user table (values §1.4, §3.3). */
    SystemTableError,
    /** {@code withIndex} on an unknown table or index (values §6.2). */
    IndexNotFoundError,
    /** Index range fields not a prefix of the index fields (values §6.3). */
    InvalidIndexRange,
    /** An index range on a field the index does not have (values §6.3). */
    FieldNotInIndex,
    /** A second equality, lower or upper bound in one index range (values §6.3). */
    AlreadyDefinedBound,
    /** Lower and upper bounds on different fields (values §6.3). */
    BoundsOnMultipleFields,
    /** A filter expression that cannot be evaluated (values §6.4). */
    EvalError,
    /** A query misused: chained twice, {@code unique()} with several results, bad {@code take}/{@code paginate} arguments (values §6.5). */
    InvalidQuery,
    /** A pagination cursor from a different query (values §6.5). */
    InvalidCursor,
    /** {@code paginate} with {@code numItems} 0 (values §6.5). */
    NoDocumentsForPagination,
    /** Read limit: documents (values §7). */
    TooManyDocumentsRead,
    /** Read limit: bytes (values §7). */
    TooManyBytesRead,
    /** Read limit: index ranges (values §7). */
    TooManyReads,
    /** Write limit: documents (values §7). */
    TooManyWrites,
    /** Write limit: bytes (values §7). */
    TooManyBytesWritten,
    /** A mutation that conflicted on every retry (values §8). */
    OptimisticConcurrencyControlFailure,
    /** A function path that cannot be parsed (wire-protocol §1.4), {@code FunctionPath.parse}. */
    BadConvexFunctionIdentifier,
    /** HTTP: an unknown {@code format} (wire-protocol §1.3). */
    BadFormat,
    /** HTTP: {@code /api/run/...} without a module and a function name (wire-protocol §1.7). */
    MissingIdentifier,
    /** HTTP: {@code GET /api/query} without a usable {@code path} or {@code args} (wire-protocol §1.7). */
    BadQueryArgs,
    /** HTTP: an {@code Authorization} header too short to hold a scheme (wire-protocol §4.1). */
    InvalidHeaderFailure,
    /** HTTP: an {@code Authorization} scheme other than {@code Convex} or {@code Bearer} (wire-protocol §4.1). */
    InvalidAdminKey,
    /** HTTP 401: an admin key that is not this deployment's (wire-protocol §4.1). */
    BadAdminKey,
    /** HTTP 401: a bearer token that cannot identify a user (wire-protocol §4.1). */
    InvalidAuthHeader,
    /** HTTP 401: a bearer token whose issuer and audience match no configured auth provider (BE {@code authentication}). */
    NoAuthProvider,
    /** HTTP 401: an OIDC token whose signature or claims do not verify (BE {@code authentication}). */
    Unauthenticated,
    /** HTTP 400: an OIDC provider's discovery document or keys could not be fetched (BE {@code authentication}). */
    AuthProviderDiscoveryFailed,
    /** HTTP 400: a request header that does not parse, e.g. a {@code Content-Length} that is not a number. */
    HeaderParseFailure,
    /** HTTP 403: an admin is required, e.g. {@code /api/function} (wire-protocol §1.7). */
    BadDeployKey,
    /** HTTP 500: a failure Convex does not explain to clients (wire-protocol §1.3). */
    InternalServerError;

    /** The code as Convex prints it, e.g. {@code "InvalidIdError"}. */
    public String shortCode() {
        return name();
    }
}
