// MARK: - Scalars: strings, checked for valid escapes and UTF-8 and kept as byte ranges

extension JSONParser {
    mutating func parseString() throws(JSONSyntaxError) {
        let location = here
        position += 1
        let start = position
        var hasEscapes = false
        while true {
            while position < input.count {
                let byte = input[position]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x80 { break }
                position += 1
            }
            guard position < input.count else { throw JSONSyntaxError(.unterminatedString, at: location) }
            let byte = input[position]
            if byte == 0x22 { break }
            if byte == 0x5C {
                hasEscapes = true
                try scanEscape(stringStart: location)
            } else if byte < 0x20 {
                throw JSONSyntaxError(.controlCharacterInString(byte), at: here)
            } else {
                try scanUTF8Sequence()
            }
        }
        let end = position
        position += 1
        append(.string, a: start, b: UInt32(end), hasEscapes: hasEscapes, at: location)
    }

    mutating func scanEscape(stringStart: SourceLocation) throws(JSONSyntaxError) {
        let location = here
        guard position + 1 < input.count else { throw JSONSyntaxError(.unterminatedString, at: stringStart) }
        switch input[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            guard let first = hex4(at: position + 2) else { throw JSONSyntaxError(.invalidEscape(escapeText(at: position)), at: location) }
            position += 6
            if (0xDC00..<0xE000).contains(first) {
                throw JSONSyntaxError(.loneSurrogate(escapeText(at: position - 6)), at: location)
            }
            if (0xD800..<0xDC00).contains(first) {
                guard position + 1 < input.count, input[position] == 0x5C, input[position + 1] == UInt8(ascii: "u"),
                      let second = hex4(at: position + 2), (0xDC00..<0xE000).contains(second) else {
                    throw JSONSyntaxError(.loneSurrogate(escapeText(at: position - 6)), at: location)
                }
                position += 6
            }
        default:
            throw JSONSyntaxError(.invalidEscape(escapeText(at: position)), at: location)
        }
    }

    func hex4(at start: Int) -> UInt32? {
        guard start + 4 <= input.count else { return nil }
        var value: UInt32 = 0
        for i in start..<start + 4 {
            guard let digit = JSONParser.hexValue(input[i]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The escape at `start` as written, for messages: `\x` or up to `\uXXXX`.
    func escapeText(at start: Int) -> String {
        var end = min(start + 2, input.count)
        if end == start + 2, input[start + 1] == UInt8(ascii: "u") {
            while end < min(start + 6, input.count), JSONParser.hexValue(input[end]) != nil { end += 1 }
        }
        return String(decoding: input[start..<end], as: UTF8.self)
    }

    /// Checks one multi-byte UTF-8 sequence (RFC 3629: no overlongs, surrogates or values past U+10FFFF).
    mutating func scanUTF8Sequence() throws(JSONSyntaxError) {
        let lead = input[position]
        var length = 0
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONSyntaxError(.invalidUTF8(lead), at: here)
        }
        for k in 1..<length {
            guard position + k < input.count else { throw JSONSyntaxError(.invalidUTF8(lead), at: here) }
            let byte = input[position + k]
            guard byte >= (k == 1 ? low : 0x80), byte <= (k == 1 ? high : 0xBF) else {
                throw JSONSyntaxError(.invalidUTF8(lead), at: here)
            }
        }
        position += length
        lineContinuations += length - 1
    }
}
