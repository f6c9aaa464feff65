/// Why a file is not well-formed JSON (RFC 8259), and where.
///
/// The wording is rendered separately (``ScenarioDiagnostic/message``) so the error can be placed in a file.
public struct JSONSyntaxError: Error, Sendable, Hashable {
    /// What the parser needed at the point of failure.
    public enum Expected: Sendable, Hashable {
        /// Any JSON value.
        case value
        /// A string that names an object member.
        case objectKey
        /// The `:` between a member's key and its value.
        case colon
        /// What may follow an object member.
        case commaOrObjectEnd
        /// What may follow an array element.
        case commaOrArrayEnd
    }

    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// `found` is the offending text, `nil` at the end of the input.
        case unexpected(found: String?, expected: Expected)
        /// A `,` directly before `]` or `}`, which JSON does not allow.
        case trailingComma(before: Character)
        case invalidNumber(String)
        /// A number whose magnitude is beyond the largest `Double`.
        case numberOutOfRange(String)
        /// A string whose closing quote never comes; the location is its opening quote.
        case unterminatedString
        case invalidEscape(String)
        /// A `\u` escape naming half of a surrogate pair without the other half.
        case loneSurrogate(String)
        /// A raw control character (below U+0020) inside a string; it must be escaped.
        case controlCharacterInString(UInt8)
        case invalidUTF8(UInt8)
        case duplicateKey(String, firstAt: SourceLocation)
        case tooDeep(limit: Int)
        /// More input after the single top-level value; `found` is its start.
        case trailingContent(found: String)
        /// The input is too large to index with 32-bit offsets.
        case tooLarge(bytes: Int)
    }

    public var kind: Kind
    /// 1-based line and column (in Unicode scalars) of the fault.
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}
