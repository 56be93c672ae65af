"""Public block API: import blocks from here, never from the submodules.

from advice_blocks.blocks import ListicleBlock, FAQBlock
"""

from .author import *  # noqa: F403
from .content import *  # noqa: F403
from .faq import *  # noqa: F403
from .images import *  # noqa: F403
from .listicle import *  # noqa: F403
from .richtext import *  # noqa: F403
from .stream import *  # noqa: F403
