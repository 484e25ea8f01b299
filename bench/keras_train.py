#!/usr/bin/env python3
"""The Keras side of bench/train.py: trains the same architectures on MNIST and prints JSON.

Usage: keras_train.py MNIST_DIR seed|convnet MAX_EPOCHS [TARGET_ACCURACY]
Each epoch's training time (fit only) and the test accuracy after it; stops once TARGET_ACCURACY is reached.
"""
import gzip, json, os, sys, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

def load(directory, prefix):
    with gzip.open(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28, 1)
    with gzip.open(os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images.astype("float32") / 255 - 0.5, labels   # the tutorial's scaling, as digitcli's

def model(name):
    if name == "seed":   # the tutorial's Keras version: conv 8 (no bias) -> pool -> softmax
        return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3, use_bias=False), layers.MaxPooling2D(2),
                                 layers.Flatten(), layers.Dense(10, activation="softmax")]), 32
    # Keras's examples/vision/mnist_convnet.py
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
                             layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2), layers.Flatten(),
                             layers.Dropout(0.5), layers.Dense(10, activation="softmax")]), 128

def main():
    arguments = sys.argv[1:]
    seed = 1
    if "--seed" in arguments:   # the random seed of the weights and the shuffling
        at = arguments.index("--seed")
        seed = int(arguments[at + 1])
        del arguments[at:at + 2]
    directory, name, max_epochs = arguments[0], arguments[1], int(arguments[2])
    target = float(arguments[3]) if len(arguments) > 3 else None
    keras.utils.set_random_seed(seed)
    x_train, y_train = load(directory, "train")
    x_test, y_test = load(directory, "t10k")
    net, batch = model(name)
    net.compile(optimizer=keras.optimizers.Adam(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    epochs = []
    for epoch in range(max_epochs):
        start = time.perf_counter()
        net.fit(x_train, y_train, batch_size=batch, epochs=1, verbose=0, shuffle=True)
        seconds = time.perf_counter() - start
        _, accuracy = net.evaluate(x_test, y_test, batch_size=1000, verbose=0)
        epochs.append({"seconds": seconds, "test_accuracy": accuracy})
        print(json.dumps({"epoch": epoch + 1, **epochs[-1]}), file=sys.stderr, flush=True)
        if target is not None and accuracy >= target:
            break
    start = time.perf_counter()
    net.predict(x_test, batch_size=1000, verbose=0)
    print(json.dumps({"model": name, "batch_size": batch, "epochs": epochs,
                      "predict_images_per_second": len(x_test) / (time.perf_counter() - start)}))

if __name__ == "__main__":
    main()
