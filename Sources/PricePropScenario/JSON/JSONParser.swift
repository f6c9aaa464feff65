/// An RFC 8259 JSON parser over UTF-8 bytes that records the line and column of every value.
///
/// It is iterative (an explicit stack of open containers, at most ``maximumDepth`` deep) so hostile nesting
/// cannot overflow the call stack, and it allocates nothing per value: strings are byte ranges checked for
/// valid escapes and UTF-8, numbers are converted once. Numbers are correctly rounded: short ones by the exact
/// fast path (an integer of at most 15 digits times or divided by an exact power of ten, one IEEE rounding),
/// those of up to 19 significant digits by the Eisel–Lemire algorithm (``DecimalToDouble``), and the rest, with
/// the few that algorithm leaves undecided, by the standard library's `Double` parser.
///
/// Beyond the RFC it rejects duplicate keys in an object and numbers too large for a `Double`; a leading
/// UTF-8 byte order mark is skipped.
///
/// - Complexity: O(n) in the input size.
package struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512

    /// Parses `bytes` into a flat document. With `threads` above 1, a large file's long arrays are split at
    /// line starts and parsed ahead on other threads (see ``ParsedAhead``); the document is the same.
    /// - Throws: ``JSONSyntaxError`` at the first fault.
    package static func parse(_ bytes: [UInt8], threads: Int = 1, minimumSplitBytes: Int = ParsedAhead.minimumSplitBytes)
        throws(JSONSyntaxError) -> JSONDocument {
        try parseCountingSegments(bytes, threads: threads, minimumSplitBytes: minimumSplitBytes).document
    }

    /// ``parse(_:threads:minimumSplitBytes:)``, and how many runs of elements parsed ahead it took.
    static func parseCountingSegments(_ bytes: [UInt8], threads: Int, minimumSplitBytes: Int)
        throws(JSONSyntaxError) -> (document: JSONDocument, segmentsTaken: Int) {
        guard bytes.count < Int(UInt32.max) else {
            throw JSONSyntaxError(.tooLarge(bytes: bytes.count), at: SourceLocation(line: 1, column: 1))
        }
        var segmentsTaken = 0
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<[JSONDocument.Node], JSONSyntaxError> in
            func parseAll(ahead: ParsedAhead?) -> Result<[JSONDocument.Node], JSONSyntaxError> {
                var parser = JSONParser(input: buffer)
                parser.ahead = ahead
                parser.nextSegmentStart = ahead?.start(of: 0) ?? Int.max
                do throws(JSONSyntaxError) {
                    try parser.parseDocument()
                    segmentsTaken = parser.segmentsTaken
                    return .success(parser.nodes)
                } catch {
                    return .failure(error)
                }
            }
            guard threads > 1, buffer.count >= minimumSplitBytes else { return parseAll(ahead: nil) }
            let ahead = ParsedAhead(buffer, parts: min(threads, ParsedAhead.maximumParts))
            // Returns only when every part is parsed, so no worker reads `buffer` after it goes away.
            return ahead.parsing { parseAll(ahead: ahead) }
        }
        return (JSONDocument(bytes: bytes, nodes: try result.get()), segmentsTaken)
    }

    struct OpenContainer {
        var node: Int
        var isObject: Bool
        var count = 0
        /// Where this object's keys start in `keys`.
        var keyBase: Int
        /// Keys by decoded bytes, built once an object has many members so duplicate checks stay linear.
        var keyIndex: [[UInt8]: Int]?
    }

    let input: UnsafeBufferPointer<UInt8>
    var position = 0
    var line = 1
    var lineStart = 0
    /// UTF-8 continuation bytes between `lineStart` and `position`, so columns count Unicode scalars.
    var lineContinuations = 0
    var nodes: [JSONDocument.Node] = []
    /// The most containers open at once.
    var deepest = 0
    /// Runs of array elements parsed ahead on other threads, and where the next one starts.
    var ahead: ParsedAhead?
    var nextSegment = 0, nextSegmentStart = Int.max, segmentsTaken = 0
    var open: [OpenContainer] = []
    /// Key node indices of the open objects, so a new key can be compared with its siblings.
    private var keys: [Int] = []

    init(input: UnsafeBufferPointer<UInt8>, bytesToParse: Int? = nil) {
        self.input = input
        // Typical scenario files hold one value per 8 to 10 bytes; untouched capacity costs address space, not memory.
        nodes.reserveCapacity((bytesToParse ?? input.count) / 6 + 16)
    }

    private var here: SourceLocation {
        SourceLocation(line: line, column: position - lineStart - lineContinuations + 1)
    }

    // MARK: - Structure

    private mutating func parseDocument() throws(JSONSyntaxError) {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            position = 3
            lineStart = 3
        }
        try parseValue()
        skipWhitespace()
        if position < input.count {
            throw JSONSyntaxError(.trailingContent(found: describe(at: position) ?? ""), at: here)
        }
    }

    /// Parses one whole value, containers and all, starting at the next non-whitespace byte.
    mutating func parseValue() throws(JSONSyntaxError) {
        let base = open.count
        var needValue = true
        while true {
            if needValue {
                skipWhitespace()
                if position >= nextSegmentStart, let follows = takeSegmentParsedAhead() {
                    needValue = follows
                    continue
                }
                needValue = try parseValueStart()
                if open.count == base { return }
                continue
            }
            let top = open[open.count - 1]
            open[open.count - 1].count += 1
            skipWhitespace()
            let close = top.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            guard position < input.count else {
                throw JSONSyntaxError(.unexpected(found: nil, expected: top.isObject ? .commaOrObjectEnd : .commaOrArrayEnd), at: here)
            }
            let byte = input[position]
            if byte == UInt8(ascii: ",") {
                let commaLocation = here
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == close {
                    throw JSONSyntaxError(.trailingComma(before: Character(Unicode.Scalar(close))), at: commaLocation)
                }
                if top.isObject { try parseKeyAndColon() }
                needValue = true
            } else if byte == close {
                position += 1
                closeContainer()
                if open.count == base { return }
            } else {
                throw JSONSyntaxError(
                    .unexpected(found: describe(at: position), expected: top.isObject ? .commaOrObjectEnd : .commaOrArrayEnd),
                    at: here)
            }
        }
    }

    /// Parses a scalar, or opens a container; returns whether a value must follow (a container's first one).
    private mutating func parseValueStart() throws(JSONSyntaxError) -> Bool {
        guard position < input.count else {
            throw JSONSyntaxError(.unexpected(found: nil, expected: .value), at: here)
        }
        let location = here
        switch input[position] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = input[position] == UInt8(ascii: "{")
            guard open.count < JSONParser.maximumDepth else {
                throw JSONSyntaxError(.tooDeep(limit: JSONParser.maximumDepth), at: location)
            }
            position += 1
            append(isObject ? .object : .array, a: 0, b: 0, at: location)
            open.append(OpenContainer(node: nodes.count - 1, isObject: isObject, keyBase: keys.count))
            if open.count > deepest { deepest = open.count }
            skipWhitespace()
            if position < input.count, input[position] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                position += 1
                closeContainer()
                return false
            }
            if isObject { try parseKeyAndColon() }
            return true
        case UInt8(ascii: "\""):
            try parseString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try parseNumber()
        default:
            let word = describe(at: position) ?? ""
            let kind: JSONDocument.Kind
            switch word {
            case "true": kind = .true
            case "false": kind = .false
            case "null": kind = .null
            default: throw JSONSyntaxError(.unexpected(found: word, expected: .value), at: location)
            }
            position += word.utf8.count
            append(kind, a: 0, b: 0, at: location)
        }
        return false
    }

    private mutating func closeContainer() {
        let container = open.removeLast()
        nodes[container.node].a = container.count
        nodes[container.node].b = UInt32(nodes.count)
        if container.isObject { keys.removeLast(keys.count - container.keyBase) }
    }

    private mutating func parseKeyAndColon() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position < input.count, input[position] == UInt8(ascii: "\"") else {
            throw JSONSyntaxError(.unexpected(found: describe(at: position), expected: .objectKey), at: here)
        }
        try parseString()
        try recordKey(nodes.count - 1)
        skipWhitespace()
        guard position < input.count, input[position] == UInt8(ascii: ":") else {
            throw JSONSyntaxError(.unexpected(found: describe(at: position), expected: .colon), at: here)
        }
        position += 1
    }

    // MARK: - Duplicate keys

    private mutating func recordKey(_ key: Int) throws(JSONSyntaxError) {
        let top = open.count - 1
        let base = open[top].keyBase
        if open[top].keyIndex == nil, keys.count - base < 16 {
            for earlier in keys[base...] where sameKey(earlier, key) { throw duplicate(key, first: earlier) }
            keys.append(key)
            return
        }
        if open[top].keyIndex == nil {
            var index: [[UInt8]: Int] = [:]
            for earlier in keys[base...] { index[keyBytes(earlier)] = earlier }
            open[top].keyIndex = index
        }
        let bytes = keyBytes(key)
        if let earlier = open[top].keyIndex?[bytes] { throw duplicate(key, first: earlier) }
        open[top].keyIndex?[bytes] = key
        keys.append(key)
    }

    private func duplicate(_ key: Int, first: Int) -> JSONSyntaxError {
        let node = nodes[key], earlier = nodes[first]
        return JSONSyntaxError(
            .duplicateKey(String(decoding: keyBytes(key), as: UTF8.self),
                          firstAt: SourceLocation(line: Int(earlier.line), column: Int(earlier.column))),
            at: SourceLocation(line: Int(node.line), column: Int(node.column)))
    }

    private func keyBytes(_ key: Int) -> [UInt8] {
        let node = nodes[key]
        let raw = input[node.a..<Int(node.b)]
        return node.hasEscapes ? JSONDocument.unescape(ArraySlice(raw)) : Array(raw)
    }

    private func sameKey(_ a: Int, _ b: Int) -> Bool {
        let x = nodes[a], y = nodes[b]
        if x.hasEscapes || y.hasEscapes { return keyBytes(a) == keyBytes(b) }
        return input[x.a..<Int(x.b)].elementsEqual(input[y.a..<Int(y.b)])
    }

    // MARK: - Scalars

    private mutating func parseString() throws(JSONSyntaxError) {
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

    private mutating func scanEscape(stringStart: SourceLocation) throws(JSONSyntaxError) {
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

    private func hex4(at start: Int) -> UInt32? {
        guard start + 4 <= input.count else { return nil }
        var value: UInt32 = 0
        for i in start..<start + 4 {
            guard let digit = JSONParser.hexValue(input[i]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The escape at `start` as written, for messages: `\x` or up to `\uXXXX`.
    private func escapeText(at start: Int) -> String {
        var end = min(start + 2, input.count)
        if end == start + 2, input[start + 1] == UInt8(ascii: "u") {
            while end < min(start + 6, input.count), JSONParser.hexValue(input[end]) != nil { end += 1 }
        }
        return String(decoding: input[start..<end], as: UTF8.self)
    }

    /// Checks one multi-byte UTF-8 sequence (RFC 3629: no overlongs, surrogates or values past U+10FFFF).
    private mutating func scanUTF8Sequence() throws(JSONSyntaxError) {
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

    private mutating func parseNumber() throws(JSONSyntaxError) {
        let location = here
        let start = position
        var p = position
        let negative = input[p] == UInt8(ascii: "-")
        if negative { p += 1 }
        var valid = true
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        func isDigit(_ i: Int) -> Bool { i < input.count && input[i] &- UInt8(ascii: "0") < 10 }
        // `digits` counts significant digits, from the first nonzero one, so that a small number's leading
        // zeros do not push it past the 19 that fit in `mantissa`.
        if isDigit(p) {
            if input[p] == UInt8(ascii: "0") {
                // JSON allows no digit after a leading zero; a following one makes the number malformed below.
                p += 1
            } else {
                while isDigit(p) {
                    if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(input[p] &- UInt8(ascii: "0")) }
                    digits += 1
                    p += 1
                }
            }
        } else {
            valid = false
        }
        if p < input.count, input[p] == UInt8(ascii: ".") {
            p += 1
            if !isDigit(p) { valid = false }
            if digits == 0 {
                while p < input.count, input[p] == UInt8(ascii: "0") {
                    fractionDigits += 1
                    p += 1
                }
            }
            while isDigit(p) {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(input[p] &- UInt8(ascii: "0")) }
                digits += 1
                fractionDigits += 1
                p += 1
            }
        }
        var exponent = 0
        if p < input.count, input[p] | 0x20 == UInt8(ascii: "e") {
            p += 1
            var exponentNegative = false
            if p < input.count, input[p] == UInt8(ascii: "+") || input[p] == UInt8(ascii: "-") {
                exponentNegative = input[p] == UInt8(ascii: "-")
                p += 1
            }
            if !isDigit(p) { valid = false }
            while isDigit(p) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(input[p] &- UInt8(ascii: "0")) }
                p += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        // A number running into more number characters ("01", "1.2.3", "1e5e") is malformed, not two tokens.
        while p < input.count, JSONParser.isNumberByte(input[p]) {
            valid = false
            p += 1
        }
        let text = input[start..<p]
        guard valid else { throw JSONSyntaxError(.invalidNumber(String(decoding: text, as: UTF8.self)), at: location) }

        var value: Double
        let scale = exponent - fractionDigits
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
        if negative { value = -value }
        position = p
        append(.number, a: Int(bitPattern: UInt(value.bitPattern)), b: UInt32(start), at: location)
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    // MARK: - Helpers

    mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0D:
                position += 1
            case 0x0A:
                position += 1
                line += 1
                lineStart = position
                lineContinuations = 0
            default:
                return
            }
        }
    }

    private mutating func append(
        _ kind: JSONDocument.Kind, a: Int, b: UInt32, hasEscapes: Bool = false, at location: SourceLocation
    ) {
        nodes.append(JSONDocument.Node(
            a: a, b: b, line: UInt32(truncatingIfNeeded: location.line), column: UInt32(truncatingIfNeeded: location.column),
            kind: kind, hasEscapes: hasEscapes))
    }

    /// The token at `start` for messages: a word of letters and digits, or one character; `nil` at the end.
    private func describe(at start: Int) -> String? {
        guard start < input.count else { return nil }
        func isWordByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): return true
            default: return false
            }
        }
        var end = start
        while end < input.count, end - start < 32, isWordByte(input[end]) { end += 1 }
        if end > start { return String(decoding: input[start..<end], as: UTF8.self) }
        // One scalar, or the raw byte when it is not valid UTF-8.
        end = start + 1
        while end < input.count, end - start < 4, input[end] & 0xC0 == 0x80 { end += 1 }
        if let scalar = String(validating: input[start..<end], as: UTF8.self) { return scalar }
        return "\\x" + String(input[start], radix: 16, uppercase: true)
    }

    static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"),
             UInt8(ascii: "e"), UInt8(ascii: "E"): return true
        default: return false
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
