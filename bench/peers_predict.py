#!/usr/bin/env python3
"""The peers of bench/predict.py: Python pipelines that read PNG files with Pillow and run a CNN.

  peers_predict.py prepare MNIST_DIR CACHE_DIR     train Keras's mnist_convnet (4 epochs), export it to ONNX
  peers_predict.py onnx CACHE_DIR OUT.tsv FILE...  Pillow + onnxruntime, TSV path<TAB>digit<TAB>confidence
  peers_predict.py keras CACHE_DIR OUT.tsv FILE... Pillow + Keras model.predict, same output
  (FILE may be a folder: its PNG files, sorted)
"""
import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

def files(arguments):
    for argument in arguments:
        if os.path.isdir(argument):
            yield from (os.path.join(argument, name) for name in sorted(os.listdir(argument)))
        else:
            yield argument

def load_batch(paths):
    import numpy as np
    from PIL import Image
    batch = np.empty((len(paths), 28, 28, 1), np.float32)
    for i, path in enumerate(paths):
        image = Image.open(path).convert("L")
        if image.size != (28, 28):
            image = image.resize((28, 28))
        batch[i, :, :, 0] = np.asarray(image, np.float32) / 255 - 0.5
    return batch

def run(kind, cache, out, arguments):
    import numpy as np
    paths = list(files(arguments))
    if kind == "onnx":
        import onnxruntime
        session = onnxruntime.InferenceSession(os.path.join(cache, "mnist_convnet.onnx"), providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        predict = lambda batch: session.run(None, {name: batch})[0]
    else:
        import keras
        model = keras.models.load_model(os.path.join(cache, "mnist_convnet.keras"))
        predict = lambda batch: model.predict(batch, batch_size=256, verbose=0)
    with open(out, "w") as tsv:
        for start in range(0, len(paths), 256):
            chunk = paths[start:start + 256]
            probabilities = predict(load_batch(chunk))
            for path, row in zip(chunk, probabilities):
                tsv.write("%s\t%d\t%.4f\n" % (path, int(np.argmax(row)), float(np.max(row))))

def prepare(mnist, cache):
    import gzip
    import numpy as np
    import keras
    from keras import layers
    os.makedirs(cache, exist_ok=True)
    with gzip.open(os.path.join(mnist, "train-images-idx3-ubyte.gz")) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28, 1).astype("float32") / 255 - 0.5
    with gzip.open(os.path.join(mnist, "train-labels-idx1-ubyte.gz")) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
                              layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2), layers.Flatten(),
                              layers.Dropout(0.5), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=128, epochs=4, verbose=0)
    model.save(os.path.join(cache, "mnist_convnet.keras"))
    import tensorflow as tf, tf2onnx
    spec = (tf.TensorSpec((None, 28, 28, 1), tf.float32, name="input"),)
    function = tf.function(lambda images: model(images, training=False))
    tf2onnx.convert.from_function(function, input_signature=spec, output_path=os.path.join(cache, "mnist_convnet.onnx"))

if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    else:
        run(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
