"""AI provider adapters: Gemini (google-genai SDK) and any OpenAI-compatible endpoint.

```python
from minime.ai.features import FEATURES, read_steps
from minime.ai.providers import ProviderConfig, ProviderError, make_provider

config = ProviderConfig("gemini", model="gemini-2.5-flash", api_key=key, base_url="")
provider = make_provider(config)
feature = FEATURES["break_task"]
payload = feature.payload(title="Write the report", description="", project=None)
try:
    answer = provider.generate(feature, payload)  # Answer(data, model, size)
    steps = read_steps(answer.data, *feature.bounds)  # MalformedAnswer -> local engine
except ProviderError as exc:  # exc.kind, exc.message (for the user), exc.detail (for the log)
    ...
```

``make_provider`` returns None for the "local" provider: the caller then uses
``minime.ai.local``. Nothing here imports Django; configuration arrives as a ``ProviderConfig``.
"""

from .base import (
    PROVIDERS,
    Answer,
    ErrorKind,
    Provider,
    ProviderConfig,
    ProviderError,
    make_provider,
)

__all__ = [
    "PROVIDERS",
    "Answer",
    "ErrorKind",
    "Provider",
    "ProviderConfig",
    "ProviderError",
    "make_provider",
]
