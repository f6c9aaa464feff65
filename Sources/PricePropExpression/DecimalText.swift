/// Numbers as people type them on a command line or in a sweep axis: decimal only.
///
/// Swift's `Double(_:)` also reads hexadecimal (`0x10`, `0x1p-3`), `inf`, `nan` and surrounding forms that
/// are almost always typos in an option value; these readers accept `[+-]digits[.digits][(e|E)[+-]digits]`
/// (also `.5` and `5.`) and, for integers, `_` between digits (`1_000`) and integral exponents (`1e6`). Each
/// refusal says which rule the text broke, for an accurate message.
package enum DecimalText {
    /// Why text is not an acceptable number.
    package enum Problem: Error, Sendable, Hashable {
        case empty
        /// `0x…`: hexadecimal is not read.
        case hexadecimal
        /// `inf`, `nan`, or a number too large for a 64-bit float.
        case notFinite
        /// Not a decimal number at all (`12abc`, `1..2`).
        case notDecimal
        /// A decimal number where an integer is needed (`2.5`).
        case fraction
        /// An integer beyond what the program represents (±9.2e18).
        case outOfRange

        /// What was wrong, as the end of `expected …, found …` style messages: `a hexadecimal number`.
        package var found: String {
            switch self {
            case .empty: return "an empty value"
            case .hexadecimal: return "a hexadecimal number (only decimal is read)"
            case .notFinite: return "a value that is not a finite number"
            case .notDecimal: return "text that is not a decimal number"
            case .fraction: return "a number with a fractional part"
            case .outOfRange: return "a number beyond ±9.2e18"
            }
        }
    }

    /// The finite number `text` spells in decimal.
    package static func double(_ text: String) throws(Problem) -> Double {
        try checkDecimal(text)
        guard let value = Double(text), value.isFinite else { throw .notFinite }
        return value
    }

    /// The integer `text` spells: decimal digits with an optional sign, `_` between digits, or a decimal
    /// number with an exponent whose value is whole (`1e6`, `2.5e3`).
    package static func integer(_ text: String) throws(Problem) -> Int {
        let grouped = ungrouped(text)
        if grouped.isEmpty { throw .empty }
        try checkDecimal(grouped)
        if let value = Int(grouped) { return value }
        // Plain digits that `Int` refused are too many digits, not a malformed number.
        let unsigned = grouped.utf8.drop(while: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") })
        if unsigned.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { throw .outOfRange }
        guard let value = Double(grouped), value.isFinite else { throw .outOfRange }
        guard value == value.rounded() else { throw .fraction }
        guard abs(value) < 9.2e18 else { throw .outOfRange }
        return Int(value)
    }

    /// Throws unless `text` has the shape of a decimal number.
    static func checkDecimal(_ text: String) throws(Problem) {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { throw .empty }
        var i = 0
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "0"), bytes[i + 1] | 0x20 == UInt8(ascii: "x") { throw .hexadecimal }
        func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        var mantissa = digits()
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else {
            let word = String(decoding: bytes[i...], as: UTF8.self).lowercased()
            throw ["inf", "infinity", "nan"].contains(word) ? .notFinite : .notDecimal
        }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw .notDecimal }
        }
        guard i == bytes.count else { throw .notDecimal }
    }

    /// `1_000` as `1000`: underscores only between two digits are dropped.
    static func ungrouped(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "_", index > 0, index < characters.count - 1,
               characters[index - 1].isNumber, characters[index + 1].isNumber { continue }
            result.append(character)
        }
        return result
    }
}
