import Foundation
import PricePropBasics

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
    package let instructionText: [String]
    /// The slot holding the result (may be an input, parameter or literal for trivial expressions).
    let resultSlot: Int32
    /// The same program, flat, for evaluation.
    package let code: TapeCode

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
        /// `log(1 + lhs)`, compiled from `log(1 + e)` or `log(e + 1)`: accurate where `1 + e` rounds to 1.
        case log1p
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
    /// Runs the forward sweep, leaving every slot's value in `v`, and returns the result.
    @inline(__always)
    func forward(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>, values v: UnsafeMutablePointer<Double>) -> Double {
        code.kernel.forward(inputs: inputs, parameters: parameters, values: v)
    }

    /// The expression's value at `inputs` with `parameters`; the same value ``valueAndGradient(inputs:parameters:gradient:workspace:)``
    /// returns.
    /// - Precondition: `workspace.capacity >= slotCount`; buffers hold `inputs.count` and `parameters.count` values.
    public func value(inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>, workspace: borrowing Workspace) -> Double {
        precondition(workspace.capacity >= slotCount, "workspace too small for tape")
        return code.kernel.value(inputs: inputs, parameters: parameters, values: workspace.values)
    }

    /// The value and, written to `gradient`, its partial derivative with respect to each input.
    ///
    /// One forward sweep, then one reverse sweep propagating adjoints `∂f/∂slot` from the result back to the
    /// inputs. A tape that is a product of powers of inputs (Cobb-Douglas) is evaluated in logarithms instead,
    /// `y = c · exp(Σ aᵢ ln xᵢ)`, `∂y/∂xᵢ = aᵢ y / xᵢ`, when every such input is positive and finite and `y` is
    /// finite and nonzero: exact in real arithmetic and within a few units in the last place of the sweep.
    /// Where the function is not differentiable (e.g. `sqrt` at 0) the result is whatever IEEE arithmetic gives,
    /// possibly infinite or NaN; callers check finiteness.
    /// - Complexity: O(instructions), no allocation.
    public func valueAndGradient(
        inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
        gradient: UnsafeMutablePointer<Double>, workspace: borrowing Workspace
    ) -> Double {
        precondition(workspace.capacity >= slotCount, "workspace too small for tape")
        return code.kernel.valueAndGradient(inputs: inputs, parameters: parameters, gradient: gradient,
                                            values: workspace.values, adjoints: workspace.adjoints)
    }

    /// The value, its gradient with respect to the inputs and with respect to the parameters, always by the
    /// general forward and reverse sweeps.
    public func valueAndFullGradient(
        inputs: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
        inputGradient: UnsafeMutablePointer<Double>, parameterGradient: UnsafeMutablePointer<Double>,
        workspace: borrowing Workspace
    ) -> Double {
        precondition(workspace.capacity >= slotCount, "workspace too small for tape")
        let v = workspace.values, adj = workspace.adjoints
        let kernel = code.kernel
        let result = kernel.forward(inputs: inputs, parameters: parameters, values: v)
        kernel.reverse(values: v, adjoints: adj, inputsOnly: false)
        for i in 0..<self.inputs.count { inputGradient[i] = adj[i] }
        for i in 0..<self.parameters.count { parameterGradient[i] = adj[parameterBase + i] }
        return result
    }

    /// Whether the tape is a product of powers of its inputs, evaluated in logarithms.
    public var isProductOfPowers: Bool { code.kernel.factorCount >= 0 }
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
        precondition(inputs.count == self.inputs.count && parameters.count == self.parameters.count)
        let workspace = Workspace(capacity: slotCount)
        return inputs.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                value(inputs: x.baseAddress ?? .dummy, parameters: p.baseAddress ?? .dummy, workspace: workspace)
            }
        }
    }
}

extension UnsafePointer where Pointee == Double {
    /// A valid address for empty buffers, never read.
    package static var dummy: UnsafePointer<Double> { UnsafePointer(UnsafeMutablePointer<Double>.dummyMutable) }
}

extension UnsafeMutablePointer where Pointee == Double {
    /// Never read or written, so sharing it is safe (``UnsafeSendable``, reason 2).
    private static let storage = UnsafeSendable(UnsafeMutablePointer<Double>.allocate(capacity: 1))
    /// A valid address for empty buffers, never read or written.
    package static var dummyMutable: UnsafeMutablePointer<Double> { storage.value }
}
