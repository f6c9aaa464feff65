import Foundation

/// Finds a production expression's *shape* from its bytes, without parsing: the text with each input name
/// replaced by its input position and each parameter name by its parameter position. Two texts of the same
/// shape differ only in names, so they parse to the same tree up to renaming and compile to the same tape;
/// the economy builder parses and compiles each shape once and only scans the rest.
///
/// The scan follows the expression grammar's tokens: a name is an ASCII letter or `_` followed by letters,
/// digits and `_`; a name followed (after spaces) by `(` is a function and kept as written; numbers are kept
/// as written. Anything else (non-ASCII text, unknown names) makes the scan decline, and the builder parses.
struct ShapeScanner {
    /// The shape, valid after a successful ``scan(_:local:)``.
    var key: ShapeKey { ShapeKey(shape) }
    private var shape: [UInt8] = []
    /// Input goods and parameter names and values, in order of first appearance.
    private(set) var inputGoods: [Int] = []
    private(set) var parameterNames: [String] = []
    private(set) var parameterValues: [Double] = []
    /// Whether the last scan succeeded.
    private(set) var isValid = false
    private let goods: NameTable
    private let globalNames: NameTable
    private let globalValues: [Double]

    /// A scanner for an economy's goods (by index) and scenario-wide parameters.
    init(goods: [String], parameters: [Scenario.Parameter]) {
        self.goods = NameTable(goods)
        globalNames = NameTable(parameters.map(\.name))
        globalValues = parameters.map(\.value)
    }

    /// Scans `text`; names of goods are inputs, other names are parameters, from `local` first, then the
    /// scenario's. Parameter names are kept only when they differ from the last scan's.
    /// - Returns: whether the shape was found; `false` sends the caller to the parser.
    mutating func scan(_ text: String, local: [Scenario.Parameter]) -> Bool {
        shape.removeAll(keepingCapacity: true)
        inputGoods.removeAll(keepingCapacity: true)
        parameterValues.removeAll(keepingCapacity: true)
        var parameterCount = 0
        var namesDiffer = false
        isValid = false
        var text = text
        let goods = self.goods, globalNames = self.globalNames, globalValues = self.globalValues
        let found: Bool = text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            @inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F }
            @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
            @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
            while i < n {
                let c = bytes[i]
                // Control bytes would be confused with the key's markers; the parser rejects them anyway.
                guard c < 0x80, c >= 0x20 || isSpace(c) else { return false }
                if isLetter(c) {
                    let start = i
                    while i < n, isLetter(bytes[i]) || isDigit(bytes[i]) { i += 1 }
                    var j = i
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    if j < n, bytes[j] == 0x28 {
                        shape.append(contentsOf: bytes[start..<i])
                        continue
                    }
                    let name = UnsafeBufferPointer(rebasing: bytes[start..<i])
                    if let g = goods.find(name) {
                        let position = inputGoods.firstIndex(of: g) ?? inputGoods.count
                        if position == inputGoods.count { inputGoods.append(g) }
                        shape.append(0x01)
                        appendPosition(position)
                    } else {
                        // Names seen before in this text are among the first `parameterCount` recorded ones.
                        var position = 0
                        while position < parameterCount, !sameBytes(parameterNames[position], name) { position += 1 }
                        if position == parameterCount {
                            let value: Double
                            if let p = local.last(where: { sameBytes($0.name, name) }) { value = p.value }
                            else if let j = globalNames.find(name) { value = globalValues[j] }
                            else { return false }
                            // Keep the last scan's String where it has the same name at this position.
                            let same = !namesDiffer && parameterCount < parameterNames.count
                                && sameBytes(parameterNames[parameterCount], name)
                            if !same {
                                if !namesDiffer { parameterNames.removeSubrange(parameterCount...) }
                                namesDiffer = true
                                parameterNames.append(String(decoding: name, as: UTF8.self))
                            }
                            parameterValues.append(value)
                            parameterCount += 1
                        }
                        shape.append(0x02)
                        appendPosition(position)
                    }
                    shape.append(0x03)
                } else if isDigit(c) || c == 0x2E {
                    // Numbers as the parser scans them, junk included, so that the same bytes mean the same.
                    let start = i
                    while i < n, isDigit(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                    if i < n, bytes[i] | 0x20 == 0x65 {
                        i += 1
                        if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
                    }
                    while i < n, isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                    shape.append(contentsOf: bytes[start..<i])
                    shape.append(0x03)
                } else {
                    shape.append(c)
                    i += 1
                }
            }
            return true
        }
        if found && !namesDiffer && parameterNames.count != parameterCount { parameterNames.removeSubrange(parameterCount...) }
        isValid = found
        return found
    }

    /// Appends `position` in base 128, low digits first, high bit set on all but the last.
    private mutating func appendPosition(_ position: Int) {
        var p = position
        while p >= 0x80 {
            shape.append(UInt8(truncatingIfNeeded: p) | 0x80)
            p >>= 7
        }
        shape.append(UInt8(p))
    }
}

/// Whether `string`'s UTF-8 is `bytes`.
@inline(__always)
func sameBytes(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var string = string
    return string.withUTF8 { s in
        s.count == bytes.count && (s.count == 0 || memcmp(s.baseAddress!, bytes.baseAddress!, s.count) == 0)
    }
}

/// A shape's bytes, hashed once.
struct ShapeKey: Hashable {
    let bytes: [UInt8]
    let hash: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        hash = bytes.withUnsafeBufferPointer { NameTable.hash($0) }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    static func == (a: ShapeKey, b: ShapeKey) -> Bool { a.hash == b.hash && a.bytes == b.bytes }
}

/// Names looked up by their UTF-8 bytes, without making Strings: open addressing on an FNV-1a hash. A repeated
/// name maps to its last index.
struct NameTable {
    private var slots: [Int32]
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    init(_ names: [String]) {
        var capacity = 16
        while capacity < 2 * names.count { capacity *= 2 }
        slots = Array(repeating: -1, count: capacity)
        for (i, name) in names.enumerated() {
            let utf8 = Array(name.utf8)
            bytes.append(contentsOf: utf8)
            starts.append(bytes.count)
            // The last occurrence wins, like a dictionary filled in order.
            var slot = utf8.withUnsafeBufferPointer { Self.hash($0) } & (capacity - 1)
            while slots[slot] >= 0 {
                let j = Int(slots[slot])
                if bytes[starts[j]..<starts[j + 1]].elementsEqual(utf8) { break }
                slot = (slot + 1) & (capacity - 1)
            }
            slots[slot] = Int32(i)
        }
    }

    @inline(__always)
    static func hash(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in name { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The index of `name`, if present.
    func find(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            let start = starts[i], end = starts[i + 1]
            if end - start == name.count, bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, name.baseAddress!, name.count) == 0 }) {
                return i
            }
            slot = (slot + 1) & mask
        }
    }
}
