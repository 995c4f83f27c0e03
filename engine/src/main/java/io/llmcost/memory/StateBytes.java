package io.llmcost.memory;

/** Training-state bytes held by one GPU: weights, gradients, optimizer state (master copy and moments). */
public record StateBytes(double weights, double gradients, double optimizer) {

    public double total() {
        return weights + gradients + optimizer;
    }

    public StateBytes plus(StateBytes o) {
        return new StateBytes(weights + o.weights, gradients + o.gradients, optimizer + o.optimizer);
    }
}
