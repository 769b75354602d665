"""The asset-inquiry gateway (网络查控): the protocol, the platform's client and a simulator of the network.

No Django models and no app imports: ``enforcement`` uses the client and keeps the state (docs/gateway.md).
"""
