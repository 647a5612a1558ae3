/*
 * clang_api.h - libclang, loaded when seam first needs it rather than when it
 * starts: the commands that parse no C (inspect-db, decompose, plan, check
 * on a model, report, merge) then never map LLVM (tens of megabytes, tens
 * of milliseconds).
 *
 * Every libclang function the analyzer calls is listed once below; including
 * this header (analyzer_internal.h does) turns each call into a call through
 * the table clang_api_load fills. clang_api_load must succeed before the
 * first call (analyzer_collect and compdb_finish call it). Thread-safe: the
 * table is filled once (pthread_once) and only read afterwards; a child
 * forked after loading inherits it.
 */
#ifndef SEAM_CLANG_API_H
#define SEAM_CLANG_API_H

#include <clang-c/Index.h>

#include "error.h"

// clang-format off
#define SEAM_CLANG_FUNCTIONS(X) \
    X(clang_Cursor_Evaluate) \
    X(clang_Cursor_getArgument) \
    X(clang_Cursor_getNumArguments) \
    X(clang_Cursor_getStorageClass) \
    X(clang_Cursor_isAnonymous) \
    X(clang_Cursor_isNull) \
    X(clang_Cursor_isVariadic) \
    X(clang_EvalResult_dispose) \
    X(clang_EvalResult_getAsLongLong) \
    X(clang_EvalResult_getAsStr) \
    X(clang_EvalResult_getKind) \
    X(clang_Location_isInSystemHeader) \
    X(clang_Type_visitFields) \
    X(clang_createIndex) \
    X(clang_disposeDiagnostic) \
    X(clang_disposeIndex) \
    X(clang_disposeString) \
    X(clang_disposeTokens) \
    X(clang_disposeTranslationUnit) \
    X(clang_equalCursors) \
    X(clang_equalLocations) \
    X(clang_equalTypes) \
    X(clang_getArrayElementType) \
    X(clang_getCString) \
    X(clang_getCanonicalType) \
    X(clang_getClangVersion) \
    X(clang_getCursorDefinition) \
    X(clang_getCursorExtent) \
    X(clang_getCursorKind) \
    X(clang_getCursorLinkage) \
    X(clang_getCursorLocation) \
    X(clang_getCursorReferenced) \
    X(clang_getCursorSemanticParent) \
    X(clang_getCursorSpelling) \
    X(clang_getCursorType) \
    X(clang_getCursorUSR) \
    X(clang_getDiagnostic) \
    X(clang_getDiagnosticLocation) \
    X(clang_getDiagnosticSeverity) \
    X(clang_getDiagnosticSpelling) \
    X(clang_getExpansionLocation) \
    X(clang_getFile) \
    X(clang_getFileContents) \
    X(clang_getFileName) \
    X(clang_getInclusions) \
    X(clang_getNullCursor) \
    X(clang_getNumDiagnostics) \
    X(clang_getPointeeType) \
    X(clang_getRange) \
    X(clang_getRangeEnd) \
    X(clang_getRangeStart) \
    X(clang_getResultType) \
    X(clang_getSpellingLocation) \
    X(clang_getTokenKind) \
    X(clang_getTokenSpelling) \
    X(clang_getTranslationUnitCursor) \
    X(clang_getTypeDeclaration) \
    X(clang_getTypedefDeclUnderlyingType) \
    X(clang_isCursorDefinition) \
    X(clang_isExpression) \
    X(clang_parseTranslationUnit2) \
    X(clang_tokenize) \
    X(clang_visitChildren)
// clang-format on

typedef struct seam_clang_api {
#define SEAM_CLANG_MEMBER(f) __typeof__(f) *f;
    SEAM_CLANG_FUNCTIONS(SEAM_CLANG_MEMBER)
#undef SEAM_CLANG_MEMBER
} seam_clang_api;

extern seam_clang_api seam_clang;

/*
 * Loads libclang (the library CMake found, SEAM_LIBCLANG) and fills seam_clang,
 * once per process. SEAM_OK, or SEAM_ERROR naming the library and why it
 * could not be loaded (then every later call says the same).
 */
int clang_api_load(seam_err *err);

#ifndef SEAM_CLANG_API_IMPL
#define clang_Cursor_Evaluate (seam_clang.clang_Cursor_Evaluate)
#define clang_Cursor_getArgument (seam_clang.clang_Cursor_getArgument)
#define clang_Cursor_getNumArguments (seam_clang.clang_Cursor_getNumArguments)
#define clang_Cursor_getStorageClass (seam_clang.clang_Cursor_getStorageClass)
#define clang_Cursor_isAnonymous (seam_clang.clang_Cursor_isAnonymous)
#define clang_Cursor_isNull (seam_clang.clang_Cursor_isNull)
#define clang_Cursor_isVariadic (seam_clang.clang_Cursor_isVariadic)
#define clang_EvalResult_dispose (seam_clang.clang_EvalResult_dispose)
#define clang_EvalResult_getAsLongLong (seam_clang.clang_EvalResult_getAsLongLong)
#define clang_EvalResult_getAsStr (seam_clang.clang_EvalResult_getAsStr)
#define clang_EvalResult_getKind (seam_clang.clang_EvalResult_getKind)
#define clang_Location_isInSystemHeader (seam_clang.clang_Location_isInSystemHeader)
#define clang_Type_visitFields (seam_clang.clang_Type_visitFields)
#define clang_createIndex (seam_clang.clang_createIndex)
#define clang_disposeDiagnostic (seam_clang.clang_disposeDiagnostic)
#define clang_disposeIndex (seam_clang.clang_disposeIndex)
#define clang_disposeString (seam_clang.clang_disposeString)
#define clang_disposeTokens (seam_clang.clang_disposeTokens)
#define clang_disposeTranslationUnit (seam_clang.clang_disposeTranslationUnit)
#define clang_equalCursors (seam_clang.clang_equalCursors)
#define clang_equalLocations (seam_clang.clang_equalLocations)
#define clang_equalTypes (seam_clang.clang_equalTypes)
#define clang_getArrayElementType (seam_clang.clang_getArrayElementType)
#define clang_getCString (seam_clang.clang_getCString)
#define clang_getCanonicalType (seam_clang.clang_getCanonicalType)
#define clang_getClangVersion (seam_clang.clang_getClangVersion)
#define clang_getCursorDefinition (seam_clang.clang_getCursorDefinition)
#define clang_getCursorExtent (seam_clang.clang_getCursorExtent)
#define clang_getCursorKind (seam_clang.clang_getCursorKind)
#define clang_getCursorLinkage (seam_clang.clang_getCursorLinkage)
#define clang_getCursorLocation (seam_clang.clang_getCursorLocation)
#define clang_getCursorReferenced (seam_clang.clang_getCursorReferenced)
#define clang_getCursorSemanticParent (seam_clang.clang_getCursorSemanticParent)
#define clang_getCursorSpelling (seam_clang.clang_getCursorSpelling)
#define clang_getCursorType (seam_clang.clang_getCursorType)
#define clang_getCursorUSR (seam_clang.clang_getCursorUSR)
#define clang_getDiagnostic (seam_clang.clang_getDiagnostic)
#define clang_getDiagnosticLocation (seam_clang.clang_getDiagnosticLocation)
#define clang_getDiagnosticSeverity (seam_clang.clang_getDiagnosticSeverity)
#define clang_getDiagnosticSpelling (seam_clang.clang_getDiagnosticSpelling)
#define clang_getExpansionLocation (seam_clang.clang_getExpansionLocation)
#define clang_getFile (seam_clang.clang_getFile)
#define clang_getFileContents (seam_clang.clang_getFileContents)
#define clang_getFileName (seam_clang.clang_getFileName)
#define clang_getInclusions (seam_clang.clang_getInclusions)
#define clang_getNullCursor (seam_clang.clang_getNullCursor)
#define clang_getNumDiagnostics (seam_clang.clang_getNumDiagnostics)
#define clang_getPointeeType (seam_clang.clang_getPointeeType)
#define clang_getRange (seam_clang.clang_getRange)
#define clang_getRangeEnd (seam_clang.clang_getRangeEnd)
#define clang_getRangeStart (seam_clang.clang_getRangeStart)
#define clang_getResultType (seam_clang.clang_getResultType)
#define clang_getSpellingLocation (seam_clang.clang_getSpellingLocation)
#define clang_getTokenKind (seam_clang.clang_getTokenKind)
#define clang_getTokenSpelling (seam_clang.clang_getTokenSpelling)
#define clang_getTranslationUnitCursor (seam_clang.clang_getTranslationUnitCursor)
#define clang_getTypeDeclaration (seam_clang.clang_getTypeDeclaration)
#define clang_getTypedefDeclUnderlyingType (seam_clang.clang_getTypedefDeclUnderlyingType)
#define clang_isCursorDefinition (seam_clang.clang_isCursorDefinition)
#define clang_isExpression (seam_clang.clang_isExpression)
#define clang_parseTranslationUnit2 (seam_clang.clang_parseTranslationUnit2)
#define clang_tokenize (seam_clang.clang_tokenize)
#define clang_visitChildren (seam_clang.clang_visitChildren)
#endif

#endif
