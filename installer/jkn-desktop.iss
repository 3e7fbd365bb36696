; Inno Setup script: JKN Desktop for one Windows user, without administrator rights.
;
;   iscc /DAppVersion=0.1.0 installer\jkn-desktop.iss        (after `py dev.py bundle`)
;
; Installs dist\jkn-desktop\ (both programs: the windowed "JKN Desktop.exe" and the console
; "jkn-desktop.exe") into %LOCALAPPDATA%\Programs\JKN Desktop, adds a Start-menu entry, and on
; uninstall asks whether to delete the data folder too (default: keep it). README, "Windows".
;
; Indonesian: Inno Setup ships no Indonesian.isl of its own (it is among the translations its
; authors keep as "unofficial"); .github/workflows/windows.yml downloads it next to this script.
; Messages it lacks fall back to English (Default.isl is read first).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\jkn-desktop"
#endif
#if FileExists(AddBackslash(CompilerPath) + "Languages\Indonesian.isl")
  #define IndonesianMessages "compiler:Languages\Indonesian.isl"
#elif FileExists(AddBackslash(SourcePath) + "Indonesian.isl")
  #define IndonesianMessages "Indonesian.isl"
#else
  #error Indonesian.isl not found: put it next to this script (see .github/workflows/windows.yml)
#endif

[Setup]
; the id Windows knows this program by (updates, uninstall): never change it
AppId={{8E89B029-2338-430C-A555-4A0A18AF99C9}
AppName=JKN Desktop
AppVersion={#AppVersion}
AppVerName=JKN Desktop {#AppVersion}
AppPublisher=JKN Desktop contributors
; per user, no administrator password: the user's own Programs folder and Start menu
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\JKN Desktop
DisableProgramGroupPage=yes
; Qt 6 needs 64-bit Windows 10 version 1809 (build 17763) or later; Setup says so in Indonesian
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
SetupIconFile=..\resources\icons\jkn-desktop.ico
UninstallDisplayIcon={app}\JKN Desktop.exe
UninstallDisplayName=JKN Desktop
OutputDir=..\dist\installer
OutputBaseFilename=jkn-desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
; a running JKN Desktop is closed (and reopened) by Setup when it replaces its files
CloseApplications=yes

[Languages]
Name: "id"; MessagesFile: "compiler:Default.isl,{#IndonesianMessages}"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
id.DeleteDataQuestion=Hapus juga data JKN Desktop di komputer ini?%n%n%1%n%nFolder ini berisi basis data penduduk dan kepesertaan JKN, cadangannya, dan catatan program. Data yang dihapus tidak dapat dikembalikan.%n%nPilih "Tidak" untuk menyimpannya, misalnya bila JKN Desktop akan dipasang lagi.
en.DeleteDataQuestion=Also delete the JKN Desktop data on this computer?%n%n%1%n%nThis folder holds the resident and JKN membership database, its backups and the program's log. Deleted data cannot be recovered.%n%nChoose "No" to keep it, for example if JKN Desktop will be installed again.
id.DeleteDataFailed=Sebagian isi folder data tidak dapat dihapus:%n%n%1%n%nHapus folder itu sendiri setelah semua program ditutup.
en.DeleteDataFailed=Part of the data folder could not be deleted:%n%n%1%n%nDelete the folder yourself after closing all programs.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; the previous version's libraries: an update must not run with a mix of old and new files
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\JKN Desktop"; Filename: "{app}\JKN Desktop.exe"
Name: "{autodesktop}\JKN Desktop"; Filename: "{app}\JKN Desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\JKN Desktop.exe"; Description: "{cm:LaunchProgram,JKN Desktop}"; Flags: nowait postinstall skipifsilent

[Code]
{ The data folder: platformdirs.user_data_dir("JKN Desktop", appauthor=False) on Windows, as
  jkn_desktop/paths.py asks for it. It holds the database, the backups ("cadangan") and the log
  ("Logs"). A database the user placed elsewhere (--db, JKN_DESKTOP_DB) is never touched. }
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\JKN Desktop');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { kept unless the user says otherwise; a silent uninstall (an update script) never deletes it }
  if (CurUninstallStep = usPostUninstall) and DirExists(DataDir()) and not UninstallSilent() then
  begin
    if MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [DataDir()]),
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    begin
      if not DelTree(DataDir(), True, True, True) then
        MsgBox(FmtMessage(CustomMessage('DeleteDataFailed'), [DataDir()]), mbError, MB_OK);
      { the window's own settings, if Qt kept any (QSettings: organisation and program name) }
      RegDeleteKeyIncludingSubkeys(HKCU, 'Software\JKN Desktop');
    end;
  end;
end;
