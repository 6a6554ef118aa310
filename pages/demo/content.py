"""The demo site's words. Facts come from the group's old landing page; the prose is new."""

import datetime

# The legal facts are INVENTED (a "Muster…" centre, Mustermann names, 0000 numbers): they
# show what the legal notice and privacy statement look like, and staff must replace every
# one of them with the real institution's facts before the site goes public.
LEGAL_FACTS = {
    "legal_entity": "Musterzentrum für Küsten- und Klimaforschung GmbH (demo: replace)",
    "legal_form": "Limited liability company (GmbH) under private law, funded by the "
    "Federal Republic of Germany and the State of Schleswig-Holstein (demo: replace)",
    "legal_address": "Musterdeich 1\n21599 Musterhafen\nGermany",
    "represented_by": "Prof. Dr. Erika Mustermann (Scientific Director) and "
    "Max Mustermann (Administrative Director) (demo: replace)",
    "commercial_register": "Amtsgericht Musterstadt, HRB 0000 (demo: replace)",
    "vat_id": "DE000000000",
    "supervisory_authority": "Federal Ministry responsible for research, "
    "Musterallee 1, 10000 Berlin (demo: replace)",
    "contact_phone": "+49 4152 00000",
    "responsible_for_content": "Dr. Jane Example, Musterdeich 1, 21599 Musterhafen (demo: replace)",
    "data_protection_officer": "Data-protection officer of the Musterzentrum, Musterdeich 1, "
    "21599 Musterhafen, datenschutz@musterzentrum.example (demo: replace)",
    "data_protection_authority": "Data-protection authority of the State of "
    "Schleswig-Holstein, Musterweg 1, 24000 Kiel (demo: replace)",
    "accessibility_contact": "barrierefreiheit@musterzentrum.example",
    "accessibility_reviewed_on": datetime.date(2026, 1, 15),
}

SITE = {
    "group_name": "Model-Driven Machine Learning",
    "tagline": "Physics-based simulation and machine learning for the Earth system, "
    "at Helmholtz-Zentrum Geesthacht near Hamburg.",
    "meta_description": "A Helmholtz AI research group combining physical models of the "
    "Earth system with deep learning, and host of a weekly machine-learning seminar.",
    "host_institution": "Helmholtz-Zentrum Geesthacht",
    "host_institution_url": "https://www.hzg.de/index.php.en",
    "institute": "Institute of Coastal Research",
    "institute_url": "https://www.hzg.de/institutes_platforms/coastal_research/index.php.en",
    "umbrella_initiative": "Helmholtz AI",
    "umbrella_initiative_url": "https://www.helmholtz.ai/",
    "contact_email": "david.greenberg@hzg.de",
    "street_address": "Max-Planck-Straße 1",
    "postal_code": "21502",
    "city": "Geesthacht",
    "country": "Germany",
    "country_code": "DE",
    "map_url": "https://www.openstreetmap.org/search"
    "?query=Max-Planck-Stra%C3%9Fe%201%2C%2021502%20Geesthacht",
    "code_hosting_url": "https://github.com/m-dml",
    "youtube_channel_url": "https://www.youtube.com/channel/UCyXAYFO3h-tBIEbPEqMnNKw",
    "mailing_list_url": "https://groups.google.com/forum/#!forum/mlhzg/join",
    "logo_alt": "Logo of Model-Driven Machine Learning: a wave above a grid of model cells",
    "hero_image_alt": "The Lorenz-63 attractor: a trajectory of a chaotic model winding "
    "around two lobes like the wings of a butterfly, coloured from blue to orange in time.",
    "hero_caption": "Chaos in three variables: the Lorenz-63 attractor.",
    "landing_publications": "selected",
    "landing_publications_count": 5,
    **LEGAL_FACTS,
}

LANDING_SECTIONS = [
    {
        "anchor": "about",
        "heading": "About us",
        "body": (
            "We are a young research group at [Helmholtz-Zentrum Geesthacht]"
            "(https://www.hzg.de/index.php.en), just outside Hamburg, and part of its "
            "[Institute of Coastal Research]"
            "(https://www.hzg.de/institutes_platforms/coastal_research/index.php.en). "
            "David Greenberg leads the group, which belongs to the "
            "[Helmholtz AI](https://www.helmholtz.ai/) network."
        ),
    },
    {
        "anchor": "research",
        "heading": "Our research",
        "figure": "lorenz96",
        "figure_alt": "Colour map of a Lorenz-96 simulation: bands of red and blue, "
        "the forty model variables against time, drifting diagonally.",
        "figure_caption": "Forty coupled variables of the Lorenz-96 model (vertical) over "
        "time (horizontal). Chaos, and fast modes tied to slow ones, make this small "
        "system a favourite testbed for ideas aimed at weather and climate models.",
        "figure_placement": "right",
        "body": (
            "In the long run we want to understand, and to forecast, how atmosphere, ocean, "
            "land and ice evolve together.\n\n"
            "### Simulators and learned models\n\n"
            "Simulators written from the laws of physics represent complicated systems "
            "faithfully. Yet fitting them to observations, choosing their parameters and "
            "saying how uncertain their answers are all remain hard problems.\n\n"
            "Learned models turn the situation around: they digest huge data sets with ease, "
            "but they usually know no physics and can go badly wrong outside the conditions "
            "they were trained on."
        ),
    },
    {
        "anchor": "hybrid-methods",
        "heading": "Hybrid methods",
        "figure": "unet",
        "figure_alt": "Diagram of a U-Net: blue encoder blocks shrink towards a bottleneck, "
        "orange decoder blocks grow again, and arrows link blocks of equal size.",
        "figure_caption": "A U-Net, the encoder–decoder network with skip connections, "
        "here in a set-up for weather prediction.",
        "figure_placement": "left",
        "body": (
            "We join both worlds: deep learning and physical simulators inside one Bayesian "
            "framework, so that each covers what the other lacks. Working on the border "
            "between physics-driven and data-driven modelling, we look for answers neither "
            "side reaches on its own. Some of the directions we pursue:\n\n"
            "- neural networks that solve differential equations;\n"
            "- simulation-based inference, which learns model parameters from simulator runs;\n"
            "- networks built to respect conservation laws and other physics;\n"
            "- learned components that stand in for processes our equations miss;\n"
            "- normalizing flows, VAEs and GANs that describe the uncertainty of temperature, "
            "rainfall, wildfire and flooding."
        ),
    },
    {
        "anchor": "seminar",
        "heading": "Machine-learning seminar",
        "body": (
            "Once a week we discuss a machine-learning paper, frequently one with a link to "
            "Earth science, weather or climate, though not always. The seminar is also where "
            "people from Hamburg's machine-learning community show what they are working on.\n\n"
            "Come to Geesthacht in person or join remotely: every meeting is streamed live on "
            "our [YouTube channel](https://www.youtube.com/channel/UCyXAYFO3h-tBIEbPEqMnNKw). "
            "The [mailing list](https://groups.google.com/forum/#!forum/mlhzg/join) announces "
            "each session, and the [seminar page](/seminar/) lists the programme and past "
            "recordings."
        ),
    },
    {
        "anchor": "code",
        "heading": "Online code",
        "body": (
            "The software behind our papers is public on [GitHub](https://github.com/m-dml). "
            "Open code lets others check our results, repeat our experiments and build on them, "
            "so we publish it as a matter of course."
        ),
    },
    {
        "anchor": "news",
        "heading": "News",
        "content": "news",
        "body": "",
    },
]

PAGES = [
    {
        "slug": "contact",
        "title": "Contact and directions",
        "meta_description": "How to reach the group and find the seminar room in Geesthacht.",
        "navigation_order": 10,
        "show_postal_address": True,
        "body": (
            "Write to David Greenberg at [david.greenberg@hzg.de](mailto:david.greenberg@hzg.de) "
            "for questions about our research, theses or collaborations.\n\n"
            "## Getting to Geesthacht\n\n"
            "The campus of Helmholtz-Zentrum Geesthacht lies on the Elbe, about 40 minutes "
            "south-east of Hamburg. Visitors sign in at the main gate; seminar guests are "
            "collected there ten minutes before the session starts.\n\n"
            "## Joining online\n\n"
            "Every seminar is streamed on our YouTube channel; the mailing list carries "
            "the link for each session."
        ),
    },
]

MEMBERS = [
    # (slug, name, role, title, start, end, now_at, orcid, github, bio)
    ("david-greenberg", "David Greenberg", "leader", "", "2020-01-01", None, "", "", "",
     "David leads the group. He works on simulation-based inference and on probabilistic "
     "machine learning for physical models, and organises the weekly seminar."),
    ("lena-hoffmann", "Lena Hoffmann", "postdoc", "", "2021-03-01", None, "", "", "",
     "Lena studies learned parametrisations of sub-grid ocean processes and how to keep "
     "them stable when they run inside a climate model."),
    ("tomas-ribeiro", "Tomás Ribeiro", "postdoc", "", "2022-09-01", None, "", "", "",
     "Tomás builds generative models of extreme rainfall and asks how well they "
     "represent the tails of the distribution."),
    ("jonas-weber", "Jonas Weber", "rse", "", "2021-06-01", None, "", "", "",
     "Jonas keeps our training pipelines reproducible and our GPUs busy, and maintains the "
     "group's open-source packages."),
    ("amira-haddad", "Amira Haddad", "phd", "", "2021-10-01", None, "", "", "",
     "Amira's thesis uses neural differential equations to learn coastal sediment "
     "transport from sparse observations."),
    ("kai-sorensen", "Kai Sørensen", "phd", "", "2022-04-01", None, "", "", "",
     "Kai works on data assimilation with normalizing flows for chaotic toy models "
     "such as Lorenz-96."),
    ("mei-lin", "Mei Lin", "phd", "", "2023-01-15", None, "", "", "",
     "Mei develops physics-constrained networks that conserve mass and energy by design."),
    ("paula-brandt", "Paula Brandt", "master", "", "2024-04-01", None, "", "", "",
     "Paula's master's thesis compares U-Net and transformer emulators for storm-surge "
     "forecasts in the German Bight."),
    ("felix-schuster", "Felix Schuster", "phd", "", "2020-02-01", "2023-07-31",
     "a national weather service", "", "",
     "Felix finished his PhD on probabilistic downscaling of precipitation."),
    ("sara-novak", "Sara Novak", "master", "", "2021-04-01", "2022-03-31",
     "Universität Hamburg (PhD)", "", "",
     "Sara wrote her master's thesis on emulating a wave model with graph neural networks."),
    ("ravi-menon", "Ravi Menon", "visitor", "Visiting researcher (summer 2022)",
     "2022-06-01", "2022-09-30", "a European forecasting centre", "", "",
     "Ravi visited for a summer to work on uncertainty estimates for learned weather models."),
]  # fmt: skip

# One line under each name on the people page.
RESEARCH_INTERESTS = {
    "david-greenberg": "Simulation-based inference for physical models",
    "lena-hoffmann": "Stable learned ocean parametrisations",
    "tomas-ribeiro": "Generative models of extreme rainfall",
    "jonas-weber": "Reproducible training pipelines and open source",
    "amira-haddad": "Neural ODEs for coastal sediment transport",
    "kai-sorensen": "Normalizing flows for data assimilation",
    "mei-lin": "Networks that conserve mass and energy",
    "paula-brandt": "Emulators for storm-surge forecasts",
    "felix-schuster": "Probabilistic downscaling of precipitation",
    "sara-novak": "Graph networks emulating a wave model",
    "ravi-menon": "Uncertainty of learned weather models",
}

# How members who left are called (people.models.AlumniLabel); the others: "Former member".
ALUMNI_LABELS = {"felix-schuster": "alumnus", "sara-novak": "alumna"}

# Other spellings of members' names on papers, so the demo import links them.
OTHER_NAMES = {
    "lena-hoffmann": "Lena Vogt\nHoffmann, L.",
    "kai-sorensen": "Kai Sorensen\nKai Soerensen",
    "tomas-ribeiro": "Tomas Ribeiro",
}

POSITION = {
    "slug": "phd-learned-ocean-parametrisations",
    "title": "PhD position: learning sub-grid ocean processes from simulations",
    "level": "phd",
    "days_open": 60,
    "teaser": "Three funded years to teach neural networks the ocean's small-scale mixing, "
    "and to keep them stable inside a running ocean model.",
    "place": "Geesthacht, 40 minutes from Hamburg; some remote work possible",
    "start": "As soon as possible, by agreement",
    "duration": "3 years, full time",
    "description": (
        "We are looking for a PhD student to develop machine-learned parametrisations of "
        "small-scale ocean mixing, trained on high-resolution simulations and tested inside "
        "a coarse ocean model.\n\n"
        "## What you bring\n\n"
        "- a master's degree in physics, mathematics, computer science, oceanography or a "
        "related field;\n"
        "- experience with Python and at least one deep-learning framework;\n"
        "- curiosity about both physical models and statistics.\n\n"
        "## What we offer\n\n"
        "Three years of funding, a supportive group, access to large GPU resources, and the "
        "Hamburg machine-learning community on the doorstep.\n\n"
        "Send a CV and a short statement of your interests; we read every application."
    ),
}

SERIES = {
    "slug": "ml-seminar",
    "name": "Machine Learning Seminar",
    "cadence": "Weekly on Tuesdays, 15:00–16:00",
    "default_weekday": 1,
    "default_duration_minutes": 60,
    "default_location": "Helmholtz-Zentrum Geesthacht, seminar room 1, and online",
    "youtube_channel_url": "https://www.youtube.com/channel/UCyXAYFO3h-tBIEbPEqMnNKw",
    "mailing_list_url": "https://groups.google.com/forum/#!forum/mlhzg/join",
    "description": (
        "A weekly reading and research seminar on machine learning, often with a link to "
        "the Earth sciences, weather and climate. Members of the group and guests from the "
        "Hamburg machine-learning community present papers and their own work in progress. "
        "Everyone is welcome, in Geesthacht or online."
    ),
}

REFERENCES = {
    "lorenz": ("E. N. Lorenz", "Predictability: a problem partly solved",
               "ECMWF Seminar on Predictability", 1996,
               "http://eaps4.mit.edu/research/Lorenz/Predicability_a_Problem_2006.pdf", "", ""),
    "unet": ("O. Ronneberger, P. Fischer, T. Brox",
             "U-Net: Convolutional networks for biomedical image segmentation",
             "MICCAI", 2015, "", "", "1505.04597"),
    "pinn": ("M. Raissi, P. Perdikaris, G. E. Karniadakis",
             "Physics-informed neural networks", "Journal of Computational Physics", 2019,
             "", "10.1016/j.jcp.2018.10.045", ""),
    "sbi": ("K. Cranmer, J. Brehmer, G. Louppe",
            "The frontier of simulation-based inference", "PNAS", 2020,
            "", "10.1073/pnas.1912789117", "1911.01429"),
    "flows": ("D. J. Rezende, S. Mohamed", "Variational inference with normalizing flows",
              "ICML", 2015, "", "", "1505.05770"),
    "vae": ("D. P. Kingma, M. Welling", "Auto-encoding variational Bayes", "ICLR", 2014,
            "", "", "1312.6114"),
    "gan": ("I. Goodfellow et al.", "Generative adversarial nets", "NeurIPS", 2014,
            "", "", "1406.2661"),
    "node": ("R. T. Q. Chen, Y. Rubanova, J. Bettencourt, D. Duvenaud",
             "Neural ordinary differential equations", "NeurIPS", 2018, "", "", "1806.07366"),
    "weatherbench": ("S. Rasp et al.", "WeatherBench: a benchmark data set for data-driven "
                     "weather forecasting", "Journal of Advances in Modeling Earth Systems",
                     2020, "", "10.1029/2020MS002203", "2002.00469"),
    "graphcast": ("R. Lam et al.", "Learning skillful medium-range global weather forecasting",
                  "Science", 2023, "", "10.1126/science.adi2336", "2212.12794"),
    "brenowitz": ("N. D. Brenowitz, C. S. Bretherton",
                  "Prognostic validation of a neural network unified physics parameterization",
                  "Geophysical Research Letters", 2018, "", "10.1029/2018GL078510", ""),
    "reservoir": ("J. Pathak, B. Hunt, M. Girvan, Z. Lu, E. Ott",
                  "Model-free prediction of large spatiotemporally chaotic systems from data: "
                  "a reservoir computing approach", "Physical Review Letters", 2018,
                  "", "10.1103/PhysRevLett.120.024102", ""),
}  # fmt: skip

# Past sessions, oldest first: (title, speakers, abstract, references, youtube id, status)
# Speakers are (name, affiliation, member slug or "").
PAST_SESSIONS = [
    ("Predictability in chaotic systems: Lorenz-96 revisited",
     [("Kai Sørensen", "Helmholtz-Zentrum Geesthacht", "kai-sorensen")],
     "We reread Lorenz's classic essay and reproduce its experiments with the 40-variable "
     "model, then ask what the error growth it describes means for learned forecasts.",
     ["lorenz"], "k3Lq8ZtR2vA", "scheduled"),
    ("Physics-informed neural networks: promise and pitfalls",
     [("Mei Lin", "Helmholtz-Zentrum Geesthacht", "mei-lin")],
     "PINNs put the residual of a differential equation into the loss. We look at where "
     "this works, where training stalls, and what recent fixes propose.",
     ["pinn"], "Xp2n7QwE4cT", "scheduled"),
    ("U-Nets for precipitation nowcasting",
     [("Paula Brandt", "Helmholtz-Zentrum Geesthacht", "paula-brandt")],
     "A walk through the encoder–decoder architecture and its use for radar nowcasting, "
     "with a critical look at blurry forecasts.",
     ["unet"], "", "scheduled"),
    ("Simulation-based inference for model parameters",
     [("David Greenberg", "Helmholtz-Zentrum Geesthacht", "david-greenberg")],
     "How neural density estimators recover posterior distributions over simulator "
     "parameters when the likelihood is out of reach.",
     ["sbi"], "Bv5mJ0yHs1K", "scheduled"),
    ("Normalizing flows, from scratch",
     [("Tomás Ribeiro", "Helmholtz-Zentrum Geesthacht", "tomas-ribeiro")],
     "Change of variables, coupling layers and what makes a flow expressive yet cheap "
     "to invert.",
     ["flows"], "", "cancelled"),
    ("Variational autoencoders and GANs for climate fields",
     [("Tomás Ribeiro", "Helmholtz-Zentrum Geesthacht", "tomas-ribeiro"),
      ("Felix Schuster", "Helmholtz-Zentrum Geesthacht", "felix-schuster")],
     "Two families of generative models compared on daily temperature and rainfall maps: "
     "sample quality, mode coverage and the behaviour of extremes.",
     ["vae", "gan"], "Qe9rT4uWz0N", "scheduled"),
    ("Neural ordinary differential equations",
     [("Amira Haddad", "Helmholtz-Zentrum Geesthacht", "amira-haddad")],
     "Continuous-depth networks, the adjoint method and an application to sediment "
     "transport.",
     ["node"], "", "scheduled"),
    ("Benchmarks for data-driven weather prediction",
     [("Jana Albers", "Universität Hamburg", "")],
     "A guest talk on what makes a fair benchmark for learned forecasting, with lessons "
     "from WeatherBench.",
     ["weatherbench"], "Hn3cV8bLm2P", "scheduled"),
    ("Learned parametrisations inside a running model",
     [("Lena Hoffmann", "Helmholtz-Zentrum Geesthacht", "lena-hoffmann")],
     "Offline skill is not online stability. We discuss why coupled learned "
     "parametrisations drift and what keeps them in check.",
     ["brenowitz"], "", "scheduled"),
    ("Reservoir computing for chaotic dynamics",
     [("Martin Kuhn", "Max Planck Institute for Meteorology", "")],
     "Echo-state networks forecast chaotic systems surprisingly far ahead; our guest "
     "explains why and shows where they stop.",
     ["reservoir"], "Tz6yW1aKd8F", "scheduled"),
    ("Graph neural networks for medium-range forecasts",
     [("Jonas Weber", "Helmholtz-Zentrum Geesthacht", "jonas-weber")],
     "A close reading of a learned global forecasting system: the mesh, the message "
     "passing and the training tricks.",
     ["graphcast"], "Rd4sG7hNq5Y", "scheduled"),
    ("Reproducible training pipelines on shared GPUs",
     [("Jonas Weber", "Helmholtz-Zentrum Geesthacht", "jonas-weber")],
     "Configuration, seeds, containers and job scripts: how we make a run from last year "
     "give the same numbers today.",
     [], "", "scheduled"),
]  # fmt: skip

UPCOMING_SESSIONS = [
    ("Conservation laws as network architecture",
     [("Mei Lin", "Helmholtz-Zentrum Geesthacht", "mei-lin")],
     "Instead of penalising violations, build them out: layers that conserve mass and "
     "energy exactly, and what they cost.",
     ["pinn"]),
    ("Flows for data assimilation in Lorenz-96",
     [("Kai Sørensen", "Helmholtz-Zentrum Geesthacht", "kai-sorensen")],
     "First results of using normalizing flows as a learned prior in an ensemble "
     "data-assimilation cycle.",
     ["flows", "lorenz"]),
]  # fmt: skip

# The speaker workflow, one session in each state (by title). Addresses are examples.
STAFF_SLIDES = {
    "Neural ordinary differential equations": [
        "Depth as time: the network is an ODE",
        "Adjoint method: memory that does not grow",
        "Sediment transport: a first try",
    ],
}
SPEAKER_INVITATIONS = {
    "Conservation laws as network architecture": {
        "state": "approved", "email": "mei.lin@example.org",
    },
    "Flows for data assimilation in Lorenz-96": {
        "state": "submitted", "email": "kai.sorensen@example.org",
        "submission": {
            "title": "Normalizing flows as a learned prior for data assimilation",
            "abstract": "We replace the Gaussian background of an ensemble filter with a "
                        "normalizing flow trained on model runs, and show first results in "
                        "Lorenz-96: where the analysis improves and where the flow "
                        "overfits the climatology.",
            "name": "Kai Sørensen", "affiliation": "Helmholtz-Zentrum Hereon",
            "bio": "Kai works on data assimilation and generative models for chaotic systems.",
            "livestream_consent": True, "recording_consent": True,
        },
    },
    "Graph neural networks for medium-range forecasts": {
        "state": "invited", "email": "jonas.weber@example.org",
    },
    "Reproducible training pipelines on shared GPUs": {
        "state": "changes_requested", "email": "jonas.weber@example.org",
        "slides": ["Pin everything: data, code, environment", "One job script per experiment",
                   "Seeds are not enough"],
        "message": "The slides still show the cluster's internal host names on page 2; "
                   "could you send a version without them?",
    },
    "Reservoir computing for chaotic dynamics": {
        "state": "revoked", "email": "m.kuhn@example.org",
    },
}  # fmt: skip

# News items: (slug, title, days ago, teaser, body, member slugs, session title, figure,
# BibTeX keys of the publications it is about).
NEWS = [
    ("thesis-probabilistic-downscaling", "Felix Schuster defends his PhD thesis", 480,
     "Felix defended his thesis on probabilistic downscaling of precipitation, with "
     "distinction.",
     "After three and a half years in the group, Felix presented how generative models turn "
     "coarse climate-model rainfall into local fields with honest uncertainty.\n\n"
     "He has since moved to a national weather service, where his methods now meet "
     "operational forecasts. Congratulations, Felix!",
     ["felix-schuster", "david-greenberg"], "", "", ["schuster2023downscaling"]),
    ("welcome-mei-lin", "Welcome, Mei!", 300,
     "Mei Lin joins us as a PhD student to build networks that conserve mass and energy by "
     "construction.",
     "Mei comes to Geesthacht from a master's in applied mathematics. Her first project "
     "asks whether conservation laws written into the architecture make learned ocean "
     "components more stable than penalties added to the loss.",
     ["mei-lin"], "Conservation laws as network architecture", "", []),
    ("lorenz96-benchmark-released", "An open Lorenz-96 benchmark for data assimilation", 120,
     "We released the simulations and scripts behind our data-assimilation experiments, so "
     "others can compare their methods on exactly the same runs.",
     "The package contains long runs of the two-scale Lorenz-96 model, noisy synthetic "
     "observations and reference results for an ensemble Kalman filter and for our "
     "flow-based filter.\n\n"
     "Everything is on our code-hosting page under an open licence; issues and pull "
     "requests are welcome.",
     ["kai-sorensen", "jonas-weber"], "Flows for data assimilation in Lorenz-96", "lorenz96",
     ["sorensen2024flows"]),
    ("best-poster-ocean-sciences", "Best-poster award for Amira", 45,
     "Amira Haddad won a best-poster award for her work on learning coastal sediment "
     "transport with neural differential equations.",
     "The jury singled out how the poster showed a learned model and a classical transport "
     "equation side by side, both fitted to the same sparse observations.",
     ["amira-haddad"], "", "", []),
    ("seminar-recordings-archive", "All seminar recordings in one searchable archive", 10,
     "Every recorded talk of our machine-learning seminar can now be searched by title, "
     "speaker and the papers it discussed.",
     "The [seminar archive](/seminar/archive/) lists all past sessions with their abstracts, "
     "speakers and references. Tick *Only sessions with a recording* to find the talks you "
     "can watch again; the videos only load when you press play.",
     [], "", "", []),
]  # fmt: skip

NEWS_FIGURE_ALT = (
    "Colour map of a Lorenz-96 run: red and blue bands of the forty model variables "
    "drifting diagonally over time."
)
