import Foundation
import PricePropExpression
import PricePropScenario

/// Finds a production expression's *shape* from its bytes, without parsing: the text with each input name
/// replaced by its input position and each parameter name by its parameter position. Two texts of the same
/// shape differ only in names, so they parse to the same tree up to renaming and compile to the same tape;
/// the economy builder parses and compiles each shape once and only scans the rest.
///
/// The scan reads ``ExpressionToken``s: functions and numbers are kept as written. Anything it cannot read
/// (non-ASCII text, unknown names) makes it decline, and the builder parses.
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
            ExpressionToken.scan(bytes) { token in
                switch token {
                case .name(let name, _, isFunction: true):
                    shape.append(contentsOf: name)
                case .name(let name, _, isFunction: false):
                    if let g = goods.find(name) {
                        let position = inputGoods.firstIndex(of: g) ?? inputGoods.count
                        if position == inputGoods.count { inputGoods.append(g) }
                        shape.append(ShapeKey.inputMarker)
                        ShapeKey.append(position: position, to: &shape)
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
                        shape.append(ShapeKey.parameterMarker)
                        ShapeKey.append(position: position, to: &shape)
                    }
                    shape.append(ShapeKey.endMarker)
                case .number(let number):
                    shape.append(contentsOf: number)
                    shape.append(ShapeKey.endMarker)
                case .symbol(let c):
                    shape.append(c)
                }
                return true
            }
        }
        if found && !namesDiffer && parameterNames.count != parameterCount { parameterNames.removeSubrange(parameterCount...) }
        isValid = found
        return found
    }
}
