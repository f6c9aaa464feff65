// MARK: - Scalars: numbers, correctly rounded

extension JSONParser {
    /// A number token: its digits scanned, not yet converted.
    struct NumberToken {
        var end = 0, negative = false, valid = true
        /// The first 19 significant digits, how many there are in all, and the power of ten they are scaled by.
        var mantissa: UInt64 = 0, digits = 0, scale = 0
    }

    mutating func parseNumber() throws(JSONSyntaxError) {
        let location = here
        let start = position
        let token = scanNumber(from: start)
        let text = input[start..<token.end]
        guard token.valid else { throw JSONSyntaxError(.invalidNumber(String(decoding: text, as: UTF8.self)), at: location) }
        var value = try magnitude(of: token, text: text, at: location)
        if token.negative { value = -value }
        position = token.end
        append(.number, a: Int(bitPattern: UInt(value.bitPattern)), b: UInt32(start), at: location)
    }

    /// Scans the number starting at `start`, marking it invalid where it breaks the JSON grammar.
    func scanNumber(from start: Int) -> NumberToken {
        var token = NumberToken()
        var p = start
        token.negative = input[p] == UInt8(ascii: "-")
        if token.negative { p += 1 }
        scanInteger(&p, into: &token)
        let fractionDigits = scanFraction(&p, into: &token)
        let exponent = scanExponent(&p, into: &token)
        // A number running into more number characters ("01", "1.2.3", "1e5e") is malformed, not two tokens.
        while p < input.count, JSONParser.isNumberByte(input[p]) {
            token.valid = false
            p += 1
        }
        token.end = p
        token.scale = exponent - fractionDigits
        return token
    }

    @inline(__always)
    private func isDigit(_ i: Int) -> Bool { i < input.count && input[i] &- UInt8(ascii: "0") < 10 }

    /// Adds the digit at `p` to the token's mantissa (while it holds fewer than 19) and count.
    @inline(__always)
    private func addDigit(at p: Int, to token: inout NumberToken) {
        if token.digits < 19 { token.mantissa = token.mantissa &* 10 &+ UInt64(input[p] &- UInt8(ascii: "0")) }
        token.digits += 1
    }

    /// The integer part: a lone `0`, or digits from a nonzero one; none at all is invalid.
    @inline(__always)
    private func scanInteger(_ p: inout Int, into token: inout NumberToken) {
        // `digits` counts significant digits, from the first nonzero one, so that a small number's leading
        // zeros do not push it past the 19 that fit in `mantissa`.
        guard isDigit(p) else {
            token.valid = false
            return
        }
        if input[p] == UInt8(ascii: "0") {
            // JSON allows no digit after a leading zero; a following one makes the number malformed later.
            p += 1
            return
        }
        while isDigit(p) {
            addDigit(at: p, to: &token)
            p += 1
        }
    }

    /// The fraction after a `.`, which needs a digit; zeros before the first significant digit only count as
    /// fraction digits.
    /// - Returns: how many digits the fraction has.
    @inline(__always)
    private func scanFraction(_ p: inout Int, into token: inout NumberToken) -> Int {
        guard p < input.count, input[p] == UInt8(ascii: ".") else { return 0 }
        var fractionDigits = 0
        p += 1
        if !isDigit(p) { token.valid = false }
        if token.digits == 0 {
            while p < input.count, input[p] == UInt8(ascii: "0") {
                fractionDigits += 1
                p += 1
            }
        }
        while isDigit(p) {
            addDigit(at: p, to: &token)
            fractionDigits += 1
            p += 1
        }
        return fractionDigits
    }

    /// The exponent after an `e` or `E` and an optional sign, which needs a digit; held below 100,000 in
    /// magnitude, far past any finite or nonzero double.
    /// - Returns: the exponent, 0 when there is none.
    @inline(__always)
    private func scanExponent(_ p: inout Int, into token: inout NumberToken) -> Int {
        guard p < input.count, input[p] | 0x20 == UInt8(ascii: "e") else { return 0 }
        var exponent = 0
        p += 1
        var exponentNegative = false
        if p < input.count, input[p] == UInt8(ascii: "+") || input[p] == UInt8(ascii: "-") {
            exponentNegative = input[p] == UInt8(ascii: "-")
            p += 1
        }
        if !isDigit(p) { token.valid = false }
        while isDigit(p) {
            if exponent < 100_000 { exponent = exponent * 10 + Int(input[p] &- UInt8(ascii: "0")) }
            p += 1
        }
        return exponentNegative ? -exponent : exponent
    }

    /// The number's magnitude, correctly rounded; out of range is an error.
    func magnitude(of token: NumberToken, text: Slice<UnsafeBufferPointer<UInt8>>, at location: SourceLocation)
        throws(JSONSyntaxError) -> Double {
        let mantissa = token.mantissa, digits = token.digits, scale = token.scale
        var value: Double
        if digits <= 15, mantissa == 0 {
            value = 0
        } else if digits <= 15, scale >= -22, scale <= 22 {
            // Exact operands, one correctly rounded operation.
            value = scale >= 0 ? Double(mantissa) * JSONParser.powersOfTen[scale] : Double(mantissa) / JSONParser.powersOfTen[-scale]
        } else if digits <= 19,
                  let converted = DecimalToDouble.eiselLemire(mantissa: mantissa, exponent: scale, negative: false) {
            // The magnitude, like the other branches: the sign is applied once the range is checked.
            value = converted
        } else {
            guard let parsed = Double(String(decoding: text, as: UTF8.self)) else {
                throw JSONSyntaxError(.invalidNumber(String(decoding: text, as: UTF8.self)), at: location)
            }
            value = abs(parsed)
        }
        guard value.isFinite else {
            throw JSONSyntaxError(.numberOutOfRange(String(decoding: text, as: UTF8.self)), at: location)
        }
        return value
    }

    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
