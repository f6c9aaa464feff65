/// A JSON value to write, with object members kept in the order given.
///
/// Build it with literals: `["version": 1, "prices": [0.5, 2], "converged": true, "note": nil]` is an object
/// whose members print in that order. Numbers are `Double`; see ``JSONWriter`` for how they print.
public indirect enum JSONOutput: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONOutput])
    case object([Member])

    /// One `"key": value` member of an object.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONOutput
        public init(_ key: String, _ value: JSONOutput) {
            self.key = key
            self.value = value
        }
    }

    /// An object from ordered key-value pairs. Duplicate keys are kept as given; avoid them.
    public static func object(_ pairs: KeyValuePairs<String, JSONOutput>) -> JSONOutput {
        .object(pairs.map { Member($0.key, $0.value) })
    }

    /// An array of numbers.
    public static func numbers(_ values: some Sequence<Double>) -> JSONOutput {
        .array(values.map(JSONOutput.number))
    }

    /// A number, or `null` when absent.
    public static func number(_ value: Double?) -> JSONOutput {
        value.map(JSONOutput.number) ?? .null
    }

    /// Whether the value is not an array or object.
    public var isScalar: Bool {
        switch self {
        case .null, .bool, .number, .string: return true
        case .array, .object: return false
        }
    }
}

extension JSONOutput: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONOutput...) { self = .array(elements) }
    /// Members in the order written in the literal.
    public init(dictionaryLiteral elements: (String, JSONOutput)...) {
        self = .object(elements.map { Member($0.0, $0.1) })
    }
}
