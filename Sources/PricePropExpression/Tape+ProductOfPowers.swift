extension Tape {
    /// A tape whose result is a product of constants and powers of inputs with constant exponents,
    /// `c₁ · … · c_m · x_{i₁}^{a₁} · … · x_{i_n}^{a_n}` (Cobb-Douglas technology and its relatives), however
    /// the products are grouped. Each `c` and `a` is a parameter or a literal; a bare input is a power with
    /// exponent 1. Such a tape is evaluated in logarithms:
    ///
    ///     y = c · exp(Σ aᵢ ln xᵢ),   ∂y/∂xᵢ = aᵢ · y / xᵢ
    ///
    /// one logarithm per input and one exponential, where the general sweep needs two `pow` per input.
    struct ProductOfPowers: Sendable, Equatable {
        struct Factor: Sendable, Equatable {
            /// Input slot of the base.
            var input: Int32
            /// Parameter or literal slot of the exponent; −1 for exponent 1.
            var exponentSlot: Int32
        }

        var factors: [Factor]
        /// Parameter or literal slots multiplied in, in the order the expression multiplies them.
        var constants: [Int32]
        /// Whether every input is the base of exactly one factor.
        var distinctInputs: Bool

        /// Recognises the form in compiled instructions, or returns `nil`.
        init?(instructions: [Instruction], resultSlot: Int32, inputCount: Int, resultBase: Int) {
            var factors: [Factor] = [], constants: [Int32] = []
            func visit(_ slot: Int32) -> Bool {
                let s = Int(slot)
                if s < inputCount {
                    factors.append(Factor(input: slot, exponentSlot: -1))
                    return true
                }
                if s < resultBase {
                    constants.append(slot)
                    return true
                }
                let op = instructions[s - resultBase]
                switch op.opcode {
                case .multiply:
                    return visit(op.lhs) && visit(op.rhs)
                case .power, .powerLiteral:
                    guard Int(op.lhs) < inputCount, Int(op.rhs) >= inputCount, Int(op.rhs) < resultBase else { return false }
                    factors.append(Factor(input: op.lhs, exponentSlot: op.rhs))
                    return true
                default:
                    return false
                }
            }
            guard visit(resultSlot), !factors.isEmpty else { return nil }
            self.factors = factors
            self.constants = constants
            distinctInputs = factors.count == inputCount && Set(factors.map(\.input)).count == inputCount
        }
    }
}
