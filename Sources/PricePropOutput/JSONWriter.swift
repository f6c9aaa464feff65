import PricePropBasics

/// Renders ``JSONOutput`` deterministically: the same value always gives the same bytes.
///
/// - Numbers: integral values with `|x| < 2^53` print as integers (`3`, not `3.0`); others use the shortest
///   round-trip form (`0.1`, `1e-12`); NaN and infinities, which JSON cannot express, print as `null`.
/// - Strings: `"` and `\` are escaped, as are control characters (`\n`, `\t`, ... or `\u001f`) and
///   U+2028/U+2029 so the output is also valid JavaScript. Everything else is written as UTF-8.
/// - Pretty style indents nested containers by ``indent`` spaces, writes `"key": value`, and (by default)
///   keeps an array of scalars on one line (`[1, 2.5, null]`) so long time series stay compact.
///   Empty containers print as `[]` and `{}`. A final newline ends the document.
/// - Compact style writes no whitespace at all and no final newline.
public struct JSONWriter: Sendable {
    public enum Style: Sendable, Hashable {
        case compact
        case pretty
    }

    public var style: Style
    /// Spaces per nesting level in pretty style.
    public var indent: Int
    /// In pretty style, whether an array holding only scalars stays on one line.
    public var inlinesScalarArrays: Bool

    public init(style: Style = .pretty, indent: Int = 2, inlinesScalarArrays: Bool = true) {
        self.style = style
        self.indent = indent
        self.inlinesScalarArrays = inlinesScalarArrays
    }

    /// Writes a whole document.
    public func write(_ value: JSONOutput, to out: inout some TextOutputStream) {
        var text = ""
        append(value, depth: 0, to: &text)
        if style == .pretty { text += "\n" }
        out.write(text)
    }

    /// The document as a string.
    public func string(_ value: JSONOutput) -> String {
        var text = ""
        write(value, to: &text)
        return text
    }

    // MARK: - Rendering

    private func append(_ value: JSONOutput, depth: Int, to text: inout String) {
        switch value {
        case .null: text += "null"
        case let .bool(b): text += b ? "true" : "false"
        case let .number(x): text += Self.number(x)
        case let .string(s): Self.appendQuoted(s, to: &text)
        case let .array(elements):
            guard !elements.isEmpty else { text += "[]"; return }
            if style == .compact || (inlinesScalarArrays && elements.allSatisfy(\.isScalar)) {
                text += "["
                for (i, element) in elements.enumerated() {
                    if i > 0 { text += style == .compact ? "," : ", " }
                    append(element, depth: depth + 1, to: &text)
                }
                text += "]"
                return
            }
            text += "["
            for (i, element) in elements.enumerated() {
                text += i > 0 ? ",\n" : "\n"
                newlineIndent(depth + 1, to: &text)
                append(element, depth: depth + 1, to: &text)
            }
            text += "\n"
            newlineIndent(depth, to: &text)
            text += "]"
        case let .object(members):
            guard !members.isEmpty else { text += "{}"; return }
            text += "{"
            for (i, member) in members.enumerated() {
                if style == .compact {
                    if i > 0 { text += "," }
                    Self.appendQuoted(member.key, to: &text)
                    text += ":"
                } else {
                    text += i > 0 ? ",\n" : "\n"
                    newlineIndent(depth + 1, to: &text)
                    Self.appendQuoted(member.key, to: &text)
                    text += ": "
                }
                append(member.value, depth: depth + 1, to: &text)
            }
            if style == .pretty {
                text += "\n"
                newlineIndent(depth, to: &text)
            }
            text += "}"
        }
    }

    private func newlineIndent(_ depth: Int, to text: inout String) {
        text += String(repeating: " ", count: depth * indent)
    }

    /// The JSON text of a number: integer form when exact, shortest round-trip otherwise, `null` if not finite.
    public static func number(_ x: Double) -> String { NumberText.roundTrip(x) ?? "null" }

    /// `s` as a quoted, escaped JSON string.
    public static func quoted(_ s: String) -> String {
        var text = ""
        appendQuoted(s, to: &text)
        return text
    }

    private static func appendQuoted(_ s: String, to text: inout String) {
        text += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
