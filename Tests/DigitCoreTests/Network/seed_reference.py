#!/usr/bin/env python3
"""Reference numbers for SeedParityTests.swift: the NumPy-from-scratch tutorial's network
(Conv3x3(8) -> MaxPool2 -> Softmax(1352, 10), per-sample SGD at learning rate 0.005), run on
deterministic images and weights that the Swift test builds from the same formulas.

Run: python3 seed_reference.py   (needs numpy; prints the numbers pasted into the Swift test)
"""
import numpy as np

class Conv3x3:
    def __init__(self, filters):
        self.filters = filters                      # (num_filters, 3, 3)
    def iterate_regions(self, image):
        h, w = image.shape
        for i in range(h - 2):
            for j in range(w - 2):
                yield image[i:(i + 3), j:(j + 3)], i, j
    def forward(self, input):
        self.last_input = input
        h, w = input.shape
        output = np.zeros((h - 2, w - 2, len(self.filters)))
        for region, i, j in self.iterate_regions(input):
            output[i, j] = np.sum(region * self.filters, axis=(1, 2))
        return output
    def backprop(self, d_L_d_out, learn_rate):
        d_L_d_filters = np.zeros(self.filters.shape)
        for region, i, j in self.iterate_regions(self.last_input):
            for f in range(len(self.filters)):
                d_L_d_filters[f] += d_L_d_out[i, j, f] * region
        self.filters -= learn_rate * d_L_d_filters

class MaxPool2:
    def iterate_regions(self, image):
        h, w, _ = image.shape
        for i in range(h // 2):
            for j in range(w // 2):
                yield image[(i * 2):(i * 2 + 2), (j * 2):(j * 2 + 2)], i, j
    def forward(self, input):
        self.last_input = input
        h, w, f = input.shape
        output = np.zeros((h // 2, w // 2, f))
        for region, i, j in self.iterate_regions(input):
            output[i, j] = np.amax(region, axis=(0, 1))
        return output
    def backprop(self, d_L_d_out):
        d_L_d_input = np.zeros(self.last_input.shape)
        for region, i, j in self.iterate_regions(self.last_input):
            h, w, f = region.shape
            amax = np.amax(region, axis=(0, 1))
            for i2 in range(h):
                for j2 in range(w):
                    for f2 in range(f):
                        if region[i2, j2, f2] == amax[f2]:
                            d_L_d_input[i * 2 + i2, j * 2 + j2, f2] = d_L_d_out[i, j, f2]
        return d_L_d_input

class Softmax:
    def __init__(self, weights):
        self.weights = weights                      # (input_len, nodes)
        self.biases = np.zeros(weights.shape[1])
    def forward(self, input):
        self.last_input_shape = input.shape
        input = input.flatten()
        self.last_input = input
        totals = np.dot(input, self.weights) + self.biases
        self.last_totals = totals
        exp = np.exp(totals)
        return exp / np.sum(exp, axis=0)
    def backprop(self, d_L_d_out, learn_rate):
        for i, gradient in enumerate(d_L_d_out):
            if gradient == 0:
                continue
            t_exp = np.exp(self.last_totals)
            S = np.sum(t_exp)
            d_out_d_t = -t_exp[i] * t_exp / (S ** 2)
            d_out_d_t[i] = t_exp[i] * (S - t_exp[i]) / (S ** 2)
            d_L_d_t = gradient * d_out_d_t
            d_L_d_w = self.last_input[np.newaxis].T @ d_L_d_t[np.newaxis]
            d_L_d_inputs = self.weights @ d_L_d_t
            self.weights -= learn_rate * d_L_d_w
            self.biases -= learn_rate * d_L_d_t
            return d_L_d_inputs.reshape(self.last_input_shape)

def image(k):
    # A digit-like block of ink on a blank (0) background, so max-pooling sees ties.
    return np.array([[(i * 31 + j * 17 + k * 50) % 256 if 8 <= i < 20 and 10 <= j < 18 else 0
                      for j in range(28)] for i in range(28)], dtype=np.float64)

conv = Conv3x3(np.array([[[np.sin(f * 9 + i * 3 + j + 1) / 9 for j in range(3)] for i in range(3)] for f in range(8)]))
pool = MaxPool2()
softmax = Softmax(np.array([[np.cos(p * 10 + n) / 1352 for n in range(10)] for p in range(1352)]))
labels = [3, 7, 1, 3]

for step, label in enumerate(labels):
    out = softmax.forward(pool.forward(conv.forward(image(step) / 255 - 0.5)))
    loss = -np.log(out[label])
    gradient = np.zeros(10)
    gradient[label] = -1 / out[label]
    conv.backprop(pool.backprop(softmax.backprop(gradient, 0.005)), 0.005)
    print("step %d loss %.9f p[label] %.9f" % (step, loss, out[label]))
print("filters[0] after:", ", ".join("%.9f" % v for v in conv.filters[0].flatten()))
print("weights[700, :] after:", ", ".join("%.9g" % v for v in softmax.weights[700]))
print("biases after:", ", ".join("%.9g" % v for v in softmax.biases))
