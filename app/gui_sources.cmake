# GUI sources of the app
