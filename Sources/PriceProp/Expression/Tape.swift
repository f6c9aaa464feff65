import Foundation

/// An ``Expression`` compiled to a straight-line instruction tape.
///
/// The tape is evaluated forward for the value and swept once in reverse for the full gradient (reverse-mode
/// automatic differentiation), without allocating: callers pass a ``Tape/Workspace`` reused across calls.
/// Firms whose production functions have the same shape share one tape and bring their own parameter values.
///
/// Slots are laid out `[inputs | parameters | literals | instruction results]`; instruction `k` writes slot
/// `resultBase + k` and reads only lower slots, so one forward pass in order and one reverse pass suffice.
public struct Tape: Sendable {
    /// Names bound to input slots, in slot order.
    public let inputs: [String]
    /// Names bound to parameter slots, in slot order.
    public let parameters: [String]
    /// Literal values, stored after the parameters.
    let literals: [Double]
    let instructions: [Instruction]
    /// What each instruction computes, as source text, for domain-error messages.
    let instructionText: [String]
    /// The slot holding the result (may be an input, parameter or literal for trivial expressions).
    let resultSlot: Int32

    /// One operation. `lhs`/`rhs` are slot indices; `rhs` is unused by unary operations.
    struct Instruction: Sendable {
        var opcode: Opcode
        /// Whether the reverse sweep must carry an adjoint back to `lhs`/`rhs` for input gradients.
        var lhsActive: Bool
        var rhsActive: Bool
        var lhs: Int32
        var rhs: Int32
    }

    enum Opcode: UInt8, Sendable {
        case add, subtract, multiply, divide, negate
        /// `lhs ^ rhs` for any exponent slot.
        case power
        /// `lhs ^ c` where `c` is a literal: no logarithm needed on the way back.
        case powerLiteral
        case sqrt, exp, log
    }

    var inputBase: Int { 0 }
    var parameterBase: Int { inputs.count }
    var literalBase: Int { inputs.count + parameters.count }
    var resultBase: Int { inputs.count + parameters.count + literals.count }
    /// Total slots a ``Workspace`` needs.
    public var slotCount: Int { resultBase + instructions.count }
    /// Number of instructions, a measure of evaluation cost.
    public var instructionCount: Int { instructions.count }
}

// MARK: - Workspace

extension Tape {
    /// Scratch memory for evaluating a tape: slot values and adjoints. Reuse one per thread.
    public struct Workspace: ~Copyable {
        @usableFromInline let values: UnsafeMutablePointer<Double>
        @usableFromInline let adjoints: UnsafeMutablePointer<Double>
        /// Slots this workspace holds; tapes with more slots need a larger workspace.
        public let capacity: Int

        /// Allocates room for tapes with up to `capacity` slots.
        public init(capacity: Int) {
            self.capacity = max(1, capacity)
            values = .allocate(capacity: self.capacity)
            adjoints = .allocate(capacity: self.capacity)
            values.initialize(repeating: 0, count: self.capacity)
            adjoints.initialize(repeating: 0, count: self.capacity)
        }

        deinit {
            values.deallocate()
            adjoints.deallocate()
        }
    }
}

// MARK: - Evaluation

extension Tape {
    /// Runs the forward sweep, leaving every slot's value in `workspace`, and returns the result.
    @inline(__always)
    func forward(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>, values v: UnsafeMutablePointer<Double>) -> Double {
        let inputCount = self.inputs.count, parameterCount = self.parameters.count
        for i in 0..<inputCount { v[i] = inputs[i] }
        for i in 0..<parameterCount { v[inputCount + i] = parameters[i] }
        let base = resultBase
        literals.withUnsafeBufferPointer { lit in
            for i in 0..<lit.count { v[inputCount + parameterCount + i] = lit[i] }
        }
        instructions.withUnsafeBufferPointer { code in
            for k in 0..<code.count {
                let op = code[k]
                let a = v[Int(op.lhs)], b = v[Int(op.rhs)]
                let r: Double
                switch op.opcode {
                case .add: r = a + b
                case .subtract: r = a - b
                case .multiply: r = a * b
                case .divide: r = a / b
                case .negate: r = -a
                case .power, .powerLiteral: r = Foundation.pow(a, b)
                case .sqrt: r = a.squareRoot()
                case .exp: r = Foundation.exp(a)
                case .log: r = Foundation.log(a)
                }
                v[base + k] = r
            }
        }
        return v[Int(resultSlot)]
    }

    /// The expression's value at `inputs` with `parameters`.
    /// - Precondition: `workspace.capacity >= slotCount`; buffers hold `inputs.count` and `parameters.count` values.
    public func value(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>, workspace: borrowing Workspace) -> Double {
        precondition(workspace.capacity >= slotCount, "workspace too small for tape")
        return forward(inputs: inputs, parameters: parameters, values: workspace.values)
    }

    /// The value and, written to `gradient`, its partial derivative with respect to each input.
    ///
    /// One forward sweep, then one reverse sweep propagating adjoints `∂f/∂slot` from the result back to the
    /// inputs. Where the function is not differentiable (e.g. `sqrt` at 0) the result is whatever IEEE
    /// arithmetic gives, possibly infinite or NaN; callers check finiteness.
    /// - Complexity: O(instructions), no allocation.
    public func valueAndGradient(
        inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
        gradient: UnsafeMutablePointer<Double>, workspace: borrowing Workspace
    ) -> Double {
        precondition(workspace.capacity >= slotCount, "workspace too small for tape")
        let v = workspace.values, adj = workspace.adjoints
        let result = forward(inputs: inputs, parameters: parameters, values: v)
        reverse(values: v, adjoints: adj, inputsOnly: true)
        for i in 0..<self.inputs.count { gradient[i] = adj[i] }
        return result
    }

    /// The value, its gradient with respect to the inputs and with respect to the parameters.
    public func valueAndFullGradient(
        inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
        inputGradient: UnsafeMutablePointer<Double>, parameterGradient: UnsafeMutablePointer<Double>,
        workspace: borrowing Workspace
    ) -> Double {
        precondition(workspace.capacity >= slotCount, "workspace too small for tape")
        let v = workspace.values, adj = workspace.adjoints
        let result = forward(inputs: inputs, parameters: parameters, values: v)
        reverse(values: v, adjoints: adj, inputsOnly: false)
        for i in 0..<self.inputs.count { inputGradient[i] = adj[i] }
        for i in 0..<self.parameters.count { parameterGradient[i] = adj[parameterBase + i] }
        return result
    }

    /// Reverse sweep: `adj[s] = ∂result/∂slot s`. With `inputsOnly`, adjoints are carried only along paths
    /// that reach an input, which skips the logarithm `pow` needs for its exponent when that is a parameter.
    @inline(__always)
    func reverse(values v: UnsafeMutablePointer<Double>, adjoints adj: UnsafeMutablePointer<Double>, inputsOnly: Bool) {
        let count = slotCount
        for s in 0..<count { adj[s] = 0 }
        adj[Int(resultSlot)] = 1
        let base = resultBase
        instructions.withUnsafeBufferPointer { code in
            var k = code.count - 1
            while k >= 0 {
                let op = code[k]
                let g = adj[base + k]
                let l = Int(op.lhs), r = Int(op.rhs)
                let carryL = !inputsOnly || op.lhsActive, carryR = !inputsOnly || op.rhsActive
                if g != 0 {
                    switch op.opcode {
                    case .add:
                        if carryL { adj[l] += g }
                        if carryR { adj[r] += g }
                    case .subtract:
                        if carryL { adj[l] += g }
                        if carryR { adj[r] -= g }
                    case .multiply:
                        if carryL { adj[l] += g * v[r] }
                        if carryR { adj[r] += g * v[l] }
                    case .divide:
                        let quotient = v[base + k]
                        if carryL { adj[l] += g / v[r] }
                        if carryR { adj[r] -= g * quotient / v[r] }
                    case .negate:
                        adj[l] -= g
                    case .power, .powerLiteral:
                        let x = v[l], y = v[r]
                        if carryL {
                            // y * x^(y-1), written so that x = 0 with y >= 1 stays finite.
                            adj[l] += g * (y == 1 ? 1 : y * Foundation.pow(x, y - 1))
                        }
                        if carryR && op.opcode == .power {
                            let p = v[base + k]
                            adj[r] += x > 0 ? g * p * Foundation.log(x) : 0
                        }
                    case .sqrt:
                        adj[l] += g * 0.5 / v[base + k]
                    case .exp:
                        adj[l] += g * v[base + k]
                    case .log:
                        adj[l] += g / v[l]
                    }
                }
                k -= 1
            }
        }
    }
}

// MARK: - Friendly wrappers

extension Tape {
    /// Value and input gradient for arrays; allocates, so for tests and one-off use, not the tick loop.
    public func valueAndGradient(at inputs: [Double], parameters: [Double] = []) -> (value: Double, gradient: [Double]) {
        precondition(inputs.count == self.inputs.count && parameters.count == self.parameters.count)
        let workspace = Workspace(capacity: slotCount)
        var gradient = [Double](repeating: 0, count: inputs.count)
        let value = gradient.withUnsafeMutableBufferPointer { g in
            inputs.withUnsafeBufferPointer { x in
                parameters.withUnsafeBufferPointer { p in
                    valueAndGradient(inputs: x.baseAddress ?? .dummy, parameters: p.baseAddress ?? .dummy,
                                     gradient: g.baseAddress ?? .dummyMutable, workspace: workspace)
                }
            }
        }
        return (value, gradient)
    }

    /// Value and gradients with respect to inputs and parameters, for arrays.
    public func valueAndFullGradient(at inputs: [Double], parameters: [Double])
        -> (value: Double, inputGradient: [Double], parameterGradient: [Double]) {
        precondition(inputs.count == self.inputs.count && parameters.count == self.parameters.count)
        let workspace = Workspace(capacity: slotCount)
        var gx = [Double](repeating: 0, count: inputs.count)
        var gp = [Double](repeating: 0, count: parameters.count)
        let value = gx.withUnsafeMutableBufferPointer { gx in
            gp.withUnsafeMutableBufferPointer { gp in
                inputs.withUnsafeBufferPointer { x in
                    parameters.withUnsafeBufferPointer { p in
                        valueAndFullGradient(inputs: x.baseAddress ?? .dummy, parameters: p.baseAddress ?? .dummy,
                                             inputGradient: gx.baseAddress ?? .dummyMutable,
                                             parameterGradient: gp.baseAddress ?? .dummyMutable, workspace: workspace)
                    }
                }
            }
        }
        return (value, gx, gp)
    }

    /// Value only, for arrays.
    public func value(at inputs: [Double], parameters: [Double] = []) -> Double {
        valueAndGradient(at: inputs, parameters: parameters).value
    }
}

extension UnsafePointer where Pointee == Double {
    /// A valid address for empty buffers, never read.
    static var dummy: UnsafePointer<Double> { UnsafePointer(UnsafeMutablePointer<Double>.dummyMutable) }
}

extension UnsafeMutablePointer where Pointee == Double {
    nonisolated(unsafe) private static let storage = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    /// A valid address for empty buffers, never read or written.
    static var dummyMutable: UnsafeMutablePointer<Double> { storage }
}
