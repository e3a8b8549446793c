"""The netsim engine: NumPy only, never Qt."""
from .activations import ACTIVATIONS
from .dataset import Dataset
from .losses import LOSSES
from .network import ROLES, Connection, Network, NetworkError, Neuron
from .settings import TrainingSettings

__all__ = ["ACTIVATIONS", "LOSSES", "ROLES", "Connection", "Dataset", "Network",
           "NetworkError", "Neuron", "TrainingSettings"]
