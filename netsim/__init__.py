"""netsim: build neural networks neuron by neuron and watch them learn."""
__version__ = "0.1.0"
