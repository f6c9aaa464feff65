import Foundation

extension Tape {
    /// A name in the expression that is neither an input nor a parameter.
    public struct UnboundIdentifier: Error, Sendable, Hashable {
        public var name: String
        /// 1-based column in the expression source.
        public var column: Int
    }

    /// Compiles `expression`, binding each identifier to an input or parameter slot by name.
    ///
    /// Literal subexpressions are folded and repeated subexpressions computed once. Inputs win over parameters
    /// of the same name (the scenario validator forbids such clashes).
    /// - Throws: ``UnboundIdentifier`` for a name in neither list.
    public init(compiling expression: Expression, inputs: [String], parameters: [String] = []) throws(UnboundIdentifier) {
        var builder = Builder(inputs: inputs, parameters: parameters)
        let result = try builder.emit(expression.root)
        self.inputs = inputs
        self.parameters = parameters
        self.literals = builder.literals
        // Instruction operands refer to literal slots by provisional negative indices; fix them now that the
        // literal count, and so the instruction base, is known.
        let literalBase = inputs.count + parameters.count
        let resultBase = literalBase + builder.literals.count
        func resolve(_ slot: Builder.Slot) -> Int32 {
            switch slot {
            case let .input(i): return Int32(i)
            case let .parameter(i): return Int32(inputs.count + i)
            case let .literal(i): return Int32(literalBase + i)
            case let .instruction(i): return Int32(resultBase + i)
            }
        }
        self.instructions = builder.pending.map { p in
            Instruction(opcode: p.opcode, lhsActive: builder.isActive(p.lhs), rhsActive: builder.isActive(p.rhs),
                        lhs: resolve(p.lhs), rhs: resolve(p.rhs))
        }
        self.instructionText = builder.pending.map(\.text)
        self.resultSlot = resolve(result)
        let productOfPowers = ProductOfPowers(instructions: instructions, resultSlot: resultSlot,
                                              inputCount: inputs.count, resultBase: resultBase)
        self.code = TapeCode(inputCount: inputs.count, parameterCount: parameters.count, literals: literals,
                             instructions: instructions, resultSlot: resultSlot, productOfPowers: productOfPowers)
    }

    private struct Builder {
        enum Slot: Hashable { case input(Int), parameter(Int), literal(Int), instruction(Int) }
        struct Pending {
            var opcode: Opcode
            var lhs: Slot
            var rhs: Slot
            var text: String
        }
        struct Key: Hashable {
            var opcode: Opcode
            var lhs: Slot
            var rhs: Slot
        }

        let inputIndex: [String: Int]
        let parameterIndex: [String: Int]
        var literals: [Double] = []
        var literalIndex: [UInt64: Int] = [:]
        var pending: [Pending] = []
        var existing: [Key: Int] = [:]
        /// Whether each pending instruction depends on an input.
        var active: [Bool] = []

        init(inputs: [String], parameters: [String]) {
            var inputIndex: [String: Int] = [:]
            for (i, name) in inputs.enumerated() where inputIndex[name] == nil { inputIndex[name] = i }
            var parameterIndex: [String: Int] = [:]
            for (i, name) in parameters.enumerated() where parameterIndex[name] == nil { parameterIndex[name] = i }
            self.inputIndex = inputIndex
            self.parameterIndex = parameterIndex
        }

        func isActive(_ slot: Slot) -> Bool {
            switch slot {
            case .input: return true
            case .parameter, .literal: return false
            case let .instruction(i): return active[i]
            }
        }

        func literalValue(_ slot: Slot) -> Double? {
            if case let .literal(i) = slot { return literals[i] }
            return nil
        }

        mutating func literal(_ value: Double) -> Slot {
            if let i = literalIndex[value.bitPattern] { return .literal(i) }
            literals.append(value)
            literalIndex[value.bitPattern] = literals.count - 1
            return .literal(literals.count - 1)
        }

        mutating func instruction(_ opcode: Opcode, _ lhs: Slot, _ rhs: Slot, text: String) -> Slot {
            // Fold operations on literals at compile time, with the same arithmetic the tape would use.
            if let a = literalValue(lhs), let b = opcode.isUnary ? 0 : literalValue(rhs) {
                return literal(opcode.apply(a, b))
            }
            let key = Key(opcode: opcode, lhs: lhs, rhs: rhs)
            if let i = existing[key] { return .instruction(i) }
            pending.append(Pending(opcode: opcode, lhs: lhs, rhs: rhs, text: text))
            active.append(isActive(lhs) || (!opcode.isUnary && isActive(rhs)))
            existing[key] = pending.count - 1
            return .instruction(pending.count - 1)
        }

        /// The slot of `e` when `node` is `1 + e` or `e + 1`, for a `log` to take as `log1p(e)`: `log(1 + e)`
        /// loses `e` entirely where `1 + e` rounds to 1 (a quantity below 1e-16), and with it the marginal
        /// product's accuracy, where the economy's smallest purchases are.
        mutating func onePlusArgument(_ node: ExpressionNode) throws(UnboundIdentifier) -> Slot? {
            guard case let .binary(.add, lhs, rhs) = node else { return nil }
            if case .number(1) = lhs { return try emit(rhs) }
            if case .number(1) = rhs { return try emit(lhs) }
            return nil
        }

        mutating func emit(_ node: ExpressionNode) throws(UnboundIdentifier) -> Slot {
            switch node {
            case let .number(value):
                return literal(value)
            case let .identifier(name, column):
                if let i = inputIndex[name] { return .input(i) }
                if let i = parameterIndex[name] { return .parameter(i) }
                throw UnboundIdentifier(name: name, column: column)
            case let .negate(operand):
                let a = try emit(operand)
                return instruction(.negate, a, a, text: node.description)
            case let .binary(op, lhs, rhs):
                let a = try emit(lhs), b = try emit(rhs)
                let opcode: Opcode
                switch op {
                case .add: opcode = .add
                case .subtract: opcode = .subtract
                case .multiply: opcode = .multiply
                case .divide: opcode = .divide
                case .power: opcode = literalValue(b) != nil ? .powerLiteral : .power
                }
                return instruction(opcode, a, b, text: node.description)
            case let .call(function, arguments):
                if function == .log, let x = try onePlusArgument(arguments[0]), literalValue(x) == nil {
                    return instruction(.log1p, x, x, text: node.description)
                }
                let a = try emit(arguments[0])
                switch function {
                case .sqrt: return instruction(.sqrt, a, a, text: node.description)
                case .exp: return instruction(.exp, a, a, text: node.description)
                case .log: return instruction(.log, a, a, text: node.description)
                case .pow:
                    let b = try emit(arguments[1])
                    return instruction(literalValue(b) != nil ? .powerLiteral : .power, a, b, text: node.description)
                }
            }
        }
    }
}

extension Tape.Opcode {
    var isUnary: Bool {
        switch self {
        case .negate, .sqrt, .exp, .log, .log1p: return true
        default: return false
        }
    }

    /// The operation on plain values; the same arithmetic as the forward sweep.
    func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .negate: return -a
        case .power, .powerLiteral: return Foundation.pow(a, b)
        case .sqrt: return a.squareRoot()
        case .exp: return Foundation.exp(a)
        case .log: return Foundation.log(a)
        case .log1p: return ElementaryFunctions.log1p(a)
        }
    }
}
