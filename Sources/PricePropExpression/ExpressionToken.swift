import Foundation

/// A token of a production expression read straight from its UTF-8 bytes by ``ExpressionLexer``, the
/// parser's own tokeniser, for the scans that find a text's names and shape without parsing it (validation
/// and the economy builder meet a million texts that differ only in names).
package enum ExpressionToken {
    /// A name: an ASCII letter or `_`, then letters, digits and `_`, starting at byte `start`. `isFunction`
    /// when `(` follows after spaces: it names a function, not a good or parameter.
    case name(UnsafeBufferPointer<UInt8>, start: Int, isFunction: Bool)
    /// A number as the parser reads it, malformed ones included (`1.2.3`, `2x`), so that the same bytes mean
    /// the same.
    case number(UnsafeBufferPointer<UInt8>)
    /// One of `+ - * / ^ ( ) ,`, or a space or tab.
    case symbol(UInt8)

    /// Calls `body` with each token of `bytes`, in order.
    /// - Returns: `false`, at once, at a byte that is none of those tokens (a byte outside printable ASCII,
    ///   space and tab, where columns in bytes and in characters could differ and control bytes would be
    ///   confused with shape markers, or a character no expression may hold), or when `body` returns
    ///   `false`; the caller then parses the text instead.
    @inline(__always)
    package static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (ExpressionToken) -> Bool) -> Bool {
        var position = 0
        while true {
            let token = ExpressionLexer.token(in: bytes, at: position)
            var span: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]) }
            switch token.kind {
            case .end: return true
            case .other: return false
            case .name:
                let isFunction = ExpressionLexer.isCall(in: bytes, after: token.end)
                guard body(.name(span, start: token.start, isFunction: isFunction)) else { return false }
            case .number:
                guard body(.number(span)) else { return false }
            case .symbol, .space:
                guard body(.symbol(bytes[token.start])) else { return false }
            }
            position = token.end
        }
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
