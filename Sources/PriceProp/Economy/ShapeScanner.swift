/// Finds a production expression's *shape* from its bytes, without parsing: the text with each input name
/// replaced by its input position and each parameter name by its parameter position. Two texts of the same
/// shape differ only in names, so they parse to the same tree up to renaming and compile to the same tape;
/// the economy builder parses and compiles each shape once and only scans the rest.
///
/// The scan follows the expression grammar's tokens: a name is an ASCII letter or `_` followed by letters,
/// digits and `_`; a name followed (after spaces) by `(` is a function and kept as written; numbers are kept
/// as written. Anything else (non-ASCII text, unknown names) makes the scan decline, and the builder parses.
struct ShapeScanner {
    /// The shape, valid after a successful ``scan(_:goods:local:global:)``.
    private(set) var key: [UInt8] = []
    /// Input goods and parameter names and values, in order of first appearance.
    private(set) var inputGoods: [Int] = []
    private(set) var parameterNames: [String] = []
    private(set) var parameterValues: [Double] = []
    /// Whether the last scan succeeded.
    private(set) var isValid = false
    private var inputNames: [String] = []

    /// Scans `text`; names of goods are inputs, other names are parameters, from `local` first, then `global`.
    /// - Returns: whether the shape was found; `false` sends the caller to the parser.
    mutating func scan(_ text: String, goods: [String: Int], local: [Scenario.Parameter], global: [String: Double]) -> Bool {
        key.removeAll(keepingCapacity: true)
        inputGoods.removeAll(keepingCapacity: true)
        inputNames.removeAll(keepingCapacity: true)
        parameterNames.removeAll(keepingCapacity: true)
        parameterValues.removeAll(keepingCapacity: true)
        isValid = false
        var text = text
        let found: Bool = text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            @inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F }
            @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
            @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
            while i < n {
                let c = bytes[i]
                guard c < 0x80 else { return false }
                if isLetter(c) {
                    let start = i
                    while i < n, isLetter(bytes[i]) || isDigit(bytes[i]) { i += 1 }
                    var j = i
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    if j < n, bytes[j] == 0x28 {
                        key.append(contentsOf: bytes[start..<i])
                        continue
                    }
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                    if let g = goods[name] {
                        let position = inputNames.firstIndex(of: name) ?? inputNames.count
                        if position == inputNames.count {
                            inputNames.append(name)
                            inputGoods.append(g)
                        }
                        key.append(0x01)
                        key.append(contentsOf: String(position).utf8)
                    } else {
                        let position = parameterNames.firstIndex(of: name) ?? parameterNames.count
                        if position == parameterNames.count {
                            guard let value = local.first(where: { $0.name == name })?.value ?? global[name] else { return false }
                            parameterNames.append(name)
                            parameterValues.append(value)
                        }
                        key.append(0x02)
                        key.append(contentsOf: String(position).utf8)
                    }
                    key.append(0x03)
                } else if isDigit(c) || c == 0x2E {
                    // Numbers as the parser scans them, junk included, so that the same bytes mean the same.
                    let start = i
                    while i < n, isDigit(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                    if i < n, bytes[i] | 0x20 == 0x65 {
                        i += 1
                        if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
                    }
                    while i < n, isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                    key.append(contentsOf: bytes[start..<i])
                    key.append(0x03)
                } else {
                    key.append(c)
                    i += 1
                }
            }
            return true
        }
        isValid = found
        return found
    }
}
