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

    var here: SourceLocation {
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

    mutating func append(
        _ kind: JSONDocument.Kind, a: Int, b: UInt32, hasEscapes: Bool = false, at location: SourceLocation
    ) {
        nodes.append(JSONDocument.Node(
            a: a, b: b, line: UInt32(truncatingIfNeeded: location.line), column: UInt32(clamping: location.column),
            kind: kind, hasEscapes: hasEscapes))
    }

    /// The token at `start` for messages: a word of letters and digits, or one character; `nil` at the end.
    func describe(at start: Int) -> String? {
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
