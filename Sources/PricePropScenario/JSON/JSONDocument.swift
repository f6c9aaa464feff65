/// A parsed JSON document stored flat: one fixed-size ``Node`` per value, in document order.
///
/// A container's members follow it directly (for objects, each key node then its value's subtree) and the
/// container records where its subtree ends, so walking needs no pointers and parsing allocates nothing per
/// value. Strings and number texts stay in ``bytes`` and are decoded only when asked for. A 100 MB file of
/// small objects costs 20 bytes per value on top of its own bytes.
package struct JSONDocument: Sendable {
    /// What a node holds.
    enum Kind: UInt8, Sendable {
        case null, `false`, `true`, number, string, array, object
    }

    /// One value, in 20 bytes. The meaning of `a` and `b` depends on ``kind``:
    /// string: byte range `a..<b`; number: `a` is the `Double` bit pattern, `b` the byte offset of its text;
    /// array or object: `a` is the member count, `b` the index just past the subtree.
    ///
    /// Stored as 32-bit words, so that the node packs to 20 bytes rather than the 24 an `Int` field's
    /// alignment would round 22 bytes up to: on a million-firm file of 17 million values that is 68 MB of
    /// the load's peak. The kind and the escape flag share a word with the column, which therefore
    /// saturates at ``maximumColumn`` (a line longer than 256 MiB).
    struct Node: Sendable {
        private var aLow: UInt32, aHigh: UInt32
        var b: UInt32
        var line: UInt32
        /// The column in the low 28 bits, the kind in the next 3, the escape flag in the top one.
        private var packed: UInt32

        /// The largest column a node records.
        static let maximumColumn: UInt32 = (1 << 28) - 1

        init(a: Int, b: UInt32, line: UInt32, column: UInt32, kind: Kind, hasEscapes: Bool) {
            let bits = UInt64(UInt(bitPattern: a))
            aLow = UInt32(truncatingIfNeeded: bits)
            aHigh = UInt32(truncatingIfNeeded: bits >> 32)
            self.b = b
            self.line = line
            packed = min(column, Node.maximumColumn) | UInt32(kind.rawValue) << 28 | (hasEscapes ? 1 << 31 : 0)
        }

        var a: Int {
            get { Int(bitPattern: UInt(UInt64(aHigh) << 32 | UInt64(aLow))) }
            set {
                let bits = UInt64(UInt(bitPattern: newValue))
                aLow = UInt32(truncatingIfNeeded: bits)
                aHigh = UInt32(truncatingIfNeeded: bits >> 32)
            }
        }
        var column: UInt32 { packed & Node.maximumColumn }
        // Every raw value of 3 bits that a node is made with is a kind.
        var kind: Kind { Kind(rawValue: UInt8(packed >> 28 & 7)) ?? .null }
        /// For strings, whether the source text contains escapes and must be unescaped.
        var hasEscapes: Bool { packed >> 31 != 0 }
    }

    let bytes: [UInt8]
    var nodes: [Node]

    /// The top-level value's index.
    var root: Int { 0 }

    // MARK: - Reading nodes

    func kind(_ index: Int) -> Kind { nodes[index].kind }

    func location(_ index: Int) -> SourceLocation {
        SourceLocation(line: Int(nodes[index].line), column: Int(nodes[index].column))
    }

    /// The index just past `index`'s subtree: its next sibling.
    func end(_ index: Int) -> Int {
        switch nodes[index].kind {
        case .array, .object: return Int(nodes[index].b)
        default: return index + 1
        }
    }

    /// Number of elements of an array or members of an object.
    func count(_ index: Int) -> Int { nodes[index].a }

    func number(_ index: Int) -> Double { Double(bitPattern: UInt64(UInt(bitPattern: nodes[index].a))) }

    /// The number exactly as written in the file.
    func numberText(_ index: Int) -> String {
        let start = Int(nodes[index].b)
        var end = start
        while end < bytes.count, JSONParser.isNumberByte(bytes[end]) { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The decoded value of a string node.
    func string(_ index: Int) -> String {
        let node = nodes[index]
        let range = node.a..<Int(node.b)
        if !node.hasEscapes {
            // Through a buffer pointer: the fast path for already validated UTF-8.
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
        return String(decoding: JSONDocument.unescape(bytes[range]), as: UTF8.self)
    }

    /// Whether a string node's value is `literal`, without building a `String`. `literal` must need no escapes.
    func string(_ index: Int, equals literal: StaticString) -> Bool {
        let node = nodes[index]
        if node.hasEscapes { return string(index) == literal.description }
        let count = Int(node.b) - node.a
        guard count == literal.utf8CodeUnitCount else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            UnsafeBufferPointer(rebasing: buffer[node.a..<Int(node.b)])
                .elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: count))
        }
    }

    /// The elements of an array, in order.
    func elements(of index: Int) -> Children { Children(document: self, cursor: index + 1, end: end(index), step: 1) }

    /// The members of an object as `(key, value)` node indices, in file order.
    func members(of index: Int) -> some Sequence<(key: Int, value: Int)> {
        Children(document: self, cursor: index + 1, end: end(index), step: 2).lazy.map { (key: $0, value: $0 + 1) }
    }

    /// Walks siblings; for objects each step covers a key and its value.
    struct Children: Sequence, IteratorProtocol {
        let document: JSONDocument
        var cursor: Int
        let end: Int
        let step: Int
        mutating func next() -> Int? {
            guard cursor < end else { return nil }
            let current = cursor
            cursor = document.end(current + step - 1)
            return current
        }
    }

    // MARK: - Escapes

    /// Replaces JSON escapes with the UTF-8 bytes they stand for. The parser has already checked them.
    static func unescape(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        func hex4(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for byte in raw[at..<min(at + 4, raw.endIndex)] { value = value << 4 | UInt32(JSONParser.hexValue(byte) ?? 0) }
            return value
        }
        while i < raw.endIndex {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < raw.endIndex else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = raw[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= raw.endIndex, raw[i] == UInt8(ascii: "\\") {
                    let low = hex4(i + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            default: out.append(escape)
            }
        }
        return out
    }
}
