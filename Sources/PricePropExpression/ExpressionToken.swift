import Foundation

/// A token of a production expression read straight from its UTF-8 bytes, the way ``ExpressionParser`` reads
/// it, for the scans that find a text's names and shape without parsing it (validation and the economy
/// builder meet a million texts that differ only in names).
package enum ExpressionToken {
    /// A name: an ASCII letter or `_`, then letters, digits and `_`, starting at byte `start`. `isFunction`
    /// when `(` follows after spaces: it names a function, not a good or parameter.
    case name(UnsafeBufferPointer<UInt8>, start: Int, isFunction: Bool)
    /// A number as the parser scans it, junk included (`1.2.3`, `2x`), so that the same bytes mean the same.
    case number(UnsafeBufferPointer<UInt8>)
    /// Any other byte: an operator, a parenthesis, a comma, a space.
    case symbol(UInt8)

    /// Calls `body` with each token of `bytes`, in order.
    /// - Returns: `false`, at once, at a byte other than printable ASCII, space and tab (there columns in bytes
    ///   and in characters could differ, and control bytes would be confused with shape markers), or when
    ///   `body` returns `false`; the caller then parses the text instead.
    @inline(__always)
    package static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (ExpressionToken) -> Bool) -> Bool {
        @inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F }
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            guard c < 0x7F, c >= 0x20 || c == 0x09 else { return false }
            let token: ExpressionToken
            if isLetter(c) {
                let start = i
                while i < n, isLetter(bytes[i]) || isDigit(bytes[i]) { i += 1 }
                var j = i
                while j < n, isSpace(bytes[j]) { j += 1 }
                token = .name(UnsafeBufferPointer(rebasing: bytes[start..<i]), start: start, isFunction: j < n && bytes[j] == 0x28)
            } else if isDigit(c) || c == 0x2E {
                let start = i
                while i < n, isDigit(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                if i < n, bytes[i] | 0x20 == 0x65 {
                    i += 1
                    if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
                }
                while i < n, isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                token = .number(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            } else {
                token = .symbol(c)
                i += 1
            }
            guard body(token) else { return false }
        }
        return true
    }
}

/// The bytes of an expression's shape: its text with names replaced by markers and positions, so that texts
/// that differ only in names have equal keys. Hashed once.
package struct ShapeKey: Hashable {
    /// Marks an input's position, a parameter's position, and the end of a name or number.
    package static let inputMarker: UInt8 = 0x01, parameterMarker: UInt8 = 0x02, endMarker: UInt8 = 0x03

    let bytes: [UInt8]
    let hash: Int

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        hash = bytes.withUnsafeBufferPointer { NameTable.hash($0) }
    }

    /// Appends `position` to a shape in base 128, low digits first, high bit set on all but the last.
    package static func append(position: Int, to shape: inout [UInt8]) {
        var p = position
        while p >= 0x80 {
            shape.append(UInt8(truncatingIfNeeded: p) | 0x80)
            p >>= 7
        }
        shape.append(UInt8(p))
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    package static func == (a: ShapeKey, b: ShapeKey) -> Bool { a.hash == b.hash && a.bytes == b.bytes }
}
