/// One cell of tabular output: text, an integer, a real number, or nothing.
///
/// Shared by ``CSVWriter`` and ``TextTable``; each writer decides how numbers look (round-trip in CSV,
/// significant digits in tables).
public enum TableValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case number(Double)
    case empty

    /// Whether the cell holds a number (integer or real, finite or not); numeric columns are right-aligned.
    public var isNumeric: Bool {
        switch self {
        case .integer, .number: return true
        case .text, .empty: return false
        }
    }
}

extension TableValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}
